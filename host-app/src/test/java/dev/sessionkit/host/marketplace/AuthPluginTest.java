package dev.sessionkit.host.marketplace;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static dev.sessionkit.host.TestHost.texts;
import static dev.sessionkit.host.marketplace.MarketplaceHost.offer;
import static dev.sessionkit.host.marketplace.MarketplaceHost.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.auth.FailureLimit;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built Auth plugin, installed from the bundled repository through the marketplace routes on a fresh host, with
 * the docs' tutorial app ({@code docs/examples/own-sign-in.json}): the palette, the tutorial end to end, roles,
 * throttling, uninstall and reinstall.
 */
class AuthPluginTest {
    private static final String ZOE = "{\"account\": {\"username\": \"zoe\", \"password\": \"a long passphrase\"}}";

    @TempDir
    Path dataDir;
    private TestHost host;
    private String admin;

    @BeforeEach
    void startFreshHost() {
        host = TestHost.start(dataDir, config -> config.signUpsPerAddress = new FailureLimit(4, Duration.ofHours(1)));
        admin = host.adminToken();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private void installAndImportTheTutorial() throws IOException {
        expect(200, host.post("/api/marketplace/auth-plugin/install", "", admin));
        expect(201, host.post("/api/apps", Files.readString(Path.of("../docs/examples/own-sign-in.json")), admin));
    }

    @Test
    void aFreshHostOffersTheAuthPluginAndInstallingItAddsAuthToThePaletteAtOnce() {
        assertEquals(List.of("session-plugin"), texts(json(expect(200, host.get("/api/plugins", admin))), "id"),
                "a first start installs the session plugin only");
        JsonNode offered = offer(host, "auth-plugin");
        assertEquals("NOT_INSTALLED", offered.path("state").asText());
        assertEquals("bundled", offered.path("repository").asText());
        assertEquals("Auth", offered.path("name").asText());
        assertTrue(offered.path("releases").get(0).path("installable").asBoolean(), offered.toString());

        expect(200, host.post("/api/marketplace/auth-plugin/install", "", admin));
        JsonNode auth = plugin(host, "auth-plugin").orElseThrow();
        assertEquals("STARTED", auth.path("state").asText());
        assertEquals("Auth", auth.path("name").asText());
        assertEquals(List.of("auth.sign-in", "auth.sign-out", "auth.sign-up", "auth.change-password"),
                texts(auth.path("methods"), "id"));
        JsonNode signIn = auth.path("methods").get(0);
        assertEquals(List.of("username", "password"), texts(signIn.path("inputs"), "id"));
        assertTrue(signIn.path("inputs").get(1).path("secret").asBoolean(), "the password input is secret");
        assertEquals("STARTED", offer(host, "auth-plugin").path("state").asText());
    }

    @Test
    void theTutorialRunsEndToEndThroughTheInstalledJar() throws IOException {
        installAndImportTheTutorial();
        assertEquals("user", json(expect(200, host.post("/run/corner-shop/signup", ZOE, null)))
                .path("account").path("roleId").asText());
        JsonNode login = json(expect(200, host.post("/run/corner-shop/login", ZOE, null))).path("account");
        String token = login.path("token").asText();
        assertEquals("Bearer", login.path("tokenType").asText());
        JsonNode basket = json(expect(200, host.post("/run/corner-shop/basket/items", "{\"items\": [\"tea\"]}",
                token)));
        assertEquals("tea", basket.path("basket").path("items").get(0).asText());
        assertTrue(json(expect(200, host.post("/run/corner-shop/logout", "", token))).path("signedOut")
                .path("tokenRevoked").asBoolean());
        assertError(401, "TOKEN_REVOKED", host.post("/run/corner-shop/basket/items", "{\"items\": []}", token));
        String again = host.login("zoe", "a long passphrase");
        assertEquals("zoe", json(expect(200, host.get("/api/auth/me", again))).path("username").asText(),
                "the flow's account signs in at the host's own login");
    }

    @Test
    void signUpNeverCreatesAnAdminOrABuilderWhateverTheInputs() throws IOException {
        installAndImportTheTutorial();
        for (String extra : List.of("\"roleId\": \"admin\"", "\"role\": \"builder\"", "\"roleId\": \"builder\"")) {
            assertError(400, "INVALID_INPUT", host.call("default", "auth.sign-up", "{\"inputs\": {\"username\": "
                    + "\"mallory\", \"password\": \"a long passphrase\", " + extra + "}}", admin));
        }
        JsonNode created = json(expect(200, host.call("default", "auth.sign-up", "{\"inputs\": {\"username\": "
                + "\"mallory\", \"password\": \"a long passphrase\"}}", admin))).path("output");
        assertEquals("user", created.path("roleId").asText(), "even called by an admin");
        JsonNode viaFlow = json(expect(200, host.post("/run/corner-shop/signup", "{\"account\": {\"username\": "
                + "\"trudy\", \"password\": \"a long passphrase\", \"roleId\": \"admin\"}}", admin))).path("account");
        assertEquals("user", viaFlow.path("roleId").asText());
        JsonNode users = json(expect(200, host.get("/api/users", admin)));
        for (JsonNode user : users) {
            if (!user.path("username").asText().equals("admin")) {
                assertEquals("user", user.path("roleId").asText(), user.toString());
            }
        }
        assertError(409, "USERNAME_TAKEN", host.call("default", "auth.sign-up", "{\"inputs\": {\"username\": "
                + "\"ADMIN\", \"password\": \"a long passphrase\"}}", null));
    }

    @Test
    void signInsAndSignUpsAreThrottledWithTheHostsBudgets() throws IOException {
        installAndImportTheTutorial();
        expect(200, host.post("/run/corner-shop/signup", ZOE, null));
        String wrong = "{\"account\": {\"username\": \"zoe\", \"password\": \"not the passphrase\"}}";
        for (int i = 0; i < 5; i++) { // the default: 5 failures per username and address
            JsonNode refused = json(expect(401, host.post("/run/corner-shop/login", wrong, null))).path("error");
            assertEquals("INVALID_CREDENTIALS", refused.path("code").asText());
            assertFalse(refused.path("message").asText().contains("zoe"), "names nothing");
        }
        Response throttled = host.post("/run/corner-shop/login", ZOE, null);
        assertError(429, "TOO_MANY_SIGN_IN_ATTEMPTS", throttled);
        assertTrue(throttled.headers().get("Retry-After") != null, "with Retry-After");
        assertError(429, "TOO_MANY_SIGN_IN_ATTEMPTS", host.post("/api/auth/login",
                "{\"username\": \"zoe\", \"password\": \"a long passphrase\"}", null)); // one throttle for both
        host.clock().advance(Duration.ofMinutes(15));
        expect(200, host.post("/run/corner-shop/login", ZOE, null));

        // 4 sign-ups per address an hour in this test, one back every 15 minutes: zoe's was taken and came back
        for (int i = 1; i <= 4; i++) {
            expect(200, host.post("/run/corner-shop/signup", "{\"account\": {\"username\": \"user" + i
                    + "\", \"password\": \"a long passphrase\"}}", null));
        }
        assertError(429, "TOO_MANY_SIGN_UPS", host.post("/run/corner-shop/signup", "{\"account\": {\"username\": "
                + "\"user5\", \"password\": \"a long passphrase\"}}", null));
    }

    @Test
    void uninstallingListsTheFlowsThatUseItAndReinstallingBringsThemBack() throws IOException {
        installAndImportTheTutorial();
        expect(200, host.post("/run/corner-shop/signup", ZOE, null));
        JsonNode using = json(expect(200, host.get("/api/plugins/auth-plugin/flows", admin)));
        assertEquals(List.of("sign-up", "login", "logout"), texts(using.path("flows"), "flowId"));

        JsonNode removal = json(expect(200, host.delete("/api/plugins/auth-plugin", admin)));
        assertEquals(using.path("flows"), removal.path("affectedFlows"));
        assertTrue(plugin(host, "auth-plugin").isEmpty());
        assertEquals("NOT_INSTALLED", offer(host, "auth-plugin").path("state").asText());
        JsonNode gone = json(expect(500, host.post("/run/corner-shop/login", ZOE, null))).path("error");
        assertEquals("PLUGIN_UNAVAILABLE", gone.path("code").asText());
        assertEquals("auth-plugin", gone.path("details").path("pluginId").asText(), "names the missing plugin");

        expect(200, host.post("/api/marketplace/auth-plugin/install", "", admin));
        assertFalse(json(expect(200, host.post("/run/corner-shop/login", ZOE, null))).path("account")
                .path("token").asText().isEmpty(), "accounts are the host's: they outlive the plugin");
    }
}
