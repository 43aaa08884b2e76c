package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tutorials of docs/flows.md, run as written: each app is imported from its file in docs/examples, and the
 * Markdown's embedded copies must equal those files, so the docs cannot rot.
 */
class DocsTutorialsTest {
    private static final Path EXAMPLES = Path.of("../docs/examples");
    private static final Path FLOWS_MD = Path.of("../docs/flows.md");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestHost host = TestHost.perClass();

    private static String importExample(String file) throws IOException {
        String app = Files.readString(EXAMPLES.resolve(file));
        expect(201, host.post("/api/apps", app, host.adminToken()));
        return app;
    }

    private static Response withHeader(String method, String path, String header, String value, String body,
                                       String token) {
        return host.send(path, request -> {
            request.header(header, value);
            if (token != null) request.header("Authorization", "Bearer " + token);
        }, request -> {
            switch (method) {
                case "GET" -> request.get();
                case "POST" -> request.post(BodyPublishers.ofString(body));
                default -> request.put(BodyPublishers.ofString(body));
            }
        });
    }

    @Test
    void theMarkdownEmbedsEachExampleAsItIs() throws IOException {
        String markdown = Files.readString(FLOWS_MD);
        Matcher embedded = Pattern.compile("<!-- example: ([a-z-]+\\.json) -->\\s*```json\\n(.*?)```", Pattern.DOTALL)
                .matcher(markdown);
        int found = 0;
        while (embedded.find()) {
            found++;
            JsonNode file = JSON.readTree(EXAMPLES.resolve(embedded.group(1)).toFile());
            assertEquals(file, JSON.readTree(embedded.group(2)), "docs/flows.md embeds " + embedded.group(1));
        }
        try (var files = Files.list(EXAMPLES)) {
            // the app files (docs/examples also holds other examples, such as the nginx configuration)
            assertEquals(files.filter(file -> file.toString().endsWith(".json")).count(), found,
                    "every example is embedded in docs/flows.md");
        }
    }

    @Test
    void signInAndKeepAGlobalSessionAcrossCalls() throws IOException {
        importExample("sign-in-global.json");
        String ada = host.signUp("ada", "user");
        String bob = host.signUp("bob", "user");

        expect(200, host.put("/run/portal/me/preferences", "{\"theme\": \"dark\", \"language\": \"fr\"}", ada));
        assertEquals(JSON.readTree("{\"theme\": \"dark\", \"language\": \"fr\", \"user\": {\"username\": \"ada\", "
                + "\"roleId\": \"user\"}}"), json(expect(200, host.get("/run/portal/me", ada))));
        assertEquals(JSON.readTree("{\"user\": {\"username\": \"bob\", \"roleId\": \"user\"}}"),
                json(expect(200, host.get("/run/portal/me", bob))), "bob has his own GLOBAL session");
        assertError(401, "AUTHENTICATION_REQUIRED", host.get("/run/portal/me", null));

        expect(204, host.post("/api/auth/logout", "", ada));
        String again = host.login("ada", TestHost.password("ada"));
        assertFalse(json(expect(200, host.get("/run/portal/me", again))).has("theme"),
                "logging out ended ada's GLOBAL session");
    }

    @Test
    void aPizzaDeliveryTrackerWithATokenSessionPerDelivery() throws IOException {
        importExample("pizza-tracker.json");
        JsonNode order = json(expect(200, host.post("/run/pizza/orders",
                "{\"pizza\": \"Margherita\", \"address\": \"1 Main Street\"}", null)));
        String token = order.path("delivery").path("token").asText();
        assertFalse(token.isEmpty(), order.toString());

        JsonNode baking = json(expect(200, withHeader("GET", "/run/pizza/deliveries/current", "X-Delivery-Token",
                token, null, null)));
        assertEquals("BAKING", baking.path("delivery").path("status").asText());
        assertEquals("Margherita", baking.path("delivery").path("pizza").asText());

        String courier = host.signUp("carla", "user");
        expect(200, withHeader("POST", "/run/pizza/deliveries/position", "X-Delivery-Token", token,
                "{\"position\": {\"lat\": 45.76, \"lon\": 4.83}}", courier));
        JsonNode onTheWay = json(expect(200, withHeader("GET", "/run/pizza/deliveries/current", "X-Delivery-Token",
                token, null, null))).path("delivery");
        assertEquals("ON_THE_WAY", onTheWay.path("status").asText());
        assertEquals(45.76, onTheWay.path("position").path("lat").asDouble());
        assertEquals("carla", onTheWay.path("courier").asText());

        expect(200, withHeader("POST", "/run/pizza/deliveries/delivered", "X-Delivery-Token", token, "{}", courier));
        JsonNode gone = json(expect(404, withHeader("GET", "/run/pizza/deliveries/current", "X-Delivery-Token",
                token, null, null))).path("error");
        assertEquals("SESSION_NOT_FOUND", gone.path("code").asText());
        assertEquals("read", gone.path("details").path("stepId").asText());
    }

    @Test
    void anAppWithItsOwnSignUpLoginBasketAndLogout() throws IOException {
        expect(200, host.post("/api/marketplace/auth-plugin/install", "", host.adminToken()));
        importExample("own-sign-in.json");
        String account = "{\"account\": {\"username\": \"zoe\", \"password\": \"a long passphrase\"}}";

        JsonNode signedUp = json(expect(200, host.post("/run/corner-shop/signup", account, null)));
        assertEquals("zoe", signedUp.path("account").path("username").asText());
        assertEquals("user", signedUp.path("account").path("roleId").asText());
        assertFalse(signedUp.toString().contains("a long passphrase"), "the answer never echoes the password");
        assertError(409, "USERNAME_TAKEN", host.post("/run/corner-shop/signup", account, null));

        JsonNode login = json(expect(200, host.post("/run/corner-shop/login", account, null))).path("account");
        assertEquals(List.of("token", "tokenType", "expiresAt", "user"), TestHost.fieldNames(login));
        assertFalse(login.toString().contains("a long passphrase"));
        String token = login.path("token").asText();
        assertEquals("zoe", json(expect(200, host.get("/api/auth/me", token))).path("username").asText(),
                "the flow's token is a host token");

        JsonNode basket = json(expect(200, host.post("/run/corner-shop/basket/items",
                "{\"items\": [\"tea\", \"scones\"]}", token))).path("basket");
        assertEquals(List.of("tea", "scones"), List.of(basket.path("items").get(0).asText(),
                basket.path("items").get(1).asText()), "the basket the login opened, found through GLOBAL");
        assertError(401, "AUTHENTICATION_REQUIRED", host.post("/run/corner-shop/basket/items", "{}", null));

        JsonNode out = json(expect(200, host.post("/run/corner-shop/logout", "", token))).path("signedOut");
        assertEquals(true, out.path("tokenRevoked").asBoolean());
        assertEquals(1, out.path("sessionsEnded").asInt());
        assertError(401, "TOKEN_REVOKED", host.get("/api/auth/me", token));

        assertError(401, "INVALID_CREDENTIALS", host.post("/run/corner-shop/login",
                "{\"account\": {\"username\": \"zoe\", \"password\": \"not her passphrase\"}}", null));
    }

    @Test
    void aShoppingBasketThatExpiresWhenTheVisitorLeaves() throws IOException {
        importExample("shopping-basket.json");
        String token = json(expect(200, host.post("/run/basket/basket", "", null))).path("basket").path("token")
                .asText();
        String lines = "{\"items\": [{\"sku\": \"tomato\", \"quantity\": 3}, {\"sku\": \"basil\", \"quantity\": 1}]}";
        JsonNode added = json(expect(200, withHeader("POST", "/run/basket/basket/items", "X-Basket-Token", token,
                lines, null)));
        assertEquals(2, added.path("lines").size());
        assertEquals(JSON.readTree(lines).path("items"), added.path("basket").path("items"));
        assertEquals(1, added.path("basket").path("additions").asInt());
        JsonNode bad = json(expect(400, withHeader("POST", "/run/basket/basket/items", "X-Basket-Token", token,
                "{\"items\": [{\"sku\": \"x\", \"quantity\": \"lots\"}]}", null))).path("error");
        assertEquals("line", bad.path("details").path("stepId").asText(), "each line is checked");
        JsonNode more = json(expect(200, withHeader("POST", "/run/basket/basket/items", "X-Basket-Token", token,
                "{\"items\": [{\"sku\": \"olive oil\", \"quantity\": 1}]}", null))).path("basket");
        assertEquals(List.of("tomato", "basil", "olive oil"), texts(more.path("items"), "sku"),
                "lines are appended in order; the refused call added nothing");
        assertEquals(2, more.path("additions").asInt());

        for (int visit = 0; visit < 3; visit++) {
            host.clock().advance(Duration.ofMinutes(20));
            JsonNode basket = json(expect(200, withHeader("GET", "/run/basket/basket", "X-Basket-Token", token, null,
                    null)));
            assertEquals("tomato", basket.path("basket").path("items").path(0).path("sku").asText(),
                    "each visit extends the basket's life");
            assertEquals(3, basket.path("basket").path("items").size());
        }
        host.clock().advance(Duration.ofMinutes(31));
        assertError(404, "SESSION_NOT_FOUND", withHeader("GET", "/run/basket/basket", "X-Basket-Token", token, null,
                null));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.path(field).asText()));
        return texts;
    }

    @Test
    void sharedSettingsInASharedSession() throws IOException {
        importExample("shared-settings.json");
        String admin = host.adminToken();
        expect(200, host.post("/run/settings/settings/init", "{}", admin));
        assertError(409, "SESSION_NAME_TAKEN", host.post("/run/settings/settings/init", "{}", admin));
        expect(200, host.put("/run/settings/settings", "{\"currency\": \"EUR\", \"freeShippingOver\": 50}", admin));

        JsonNode anonymous = json(expect(200, host.get("/run/settings/settings", null))).path("settings");
        assertEquals("EUR", anonymous.path("currency").asText());
        assertEquals(50, anonymous.path("freeShippingOver").asInt());
        String dan = host.signUp("dan", "user");
        assertEquals(anonymous, json(expect(200, host.get("/run/settings/settings", dan))).path("settings"),
                "every caller reads the same SHARED session");
    }
}
