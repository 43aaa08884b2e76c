package dev.sessionkit.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.marketplace.MarketplaceHost;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 17's newcomer, in a real browser: on a fresh host a new app's palette has no Auth methods; the marketplace
 * page offers the bundled Auth plugin (the only plugin it has to install), and installing it from the page puts an
 * "Auth" group in the flow editor's palette, its methods' forms rendered from their descriptors (the password inputs
 * marked secret) with no code of their own. Tutorial 5 of docs/flows.md ("An app with its own sign-up, login and
 * logout") is then built in the editor from the empty app, with the palette (drags and + buttons), the Add step menu,
 * the inspector's forms, the {{ }} toggle and the Output Configuration; saved, the app is
 * docs/examples/own-sign-in.json, and the tutorial's calls run from the test panel answer as it says.
 */
class AuthPluginUiTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String PASSPHRASE = "a long passphrase";
    /** The tutorial's sign-up and login body. */
    private static final String ZOE = "{\"account\": {\"username\": \"zoe\", \"password\": \"" + PASSPHRASE + "\"}}";

    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass();
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();
    static final FlowEditing editor = new FlowEditing(browser, host);

    private static boolean inPalette(String methodId) {
        return !browser.all("#palette .palette-item[data-method='" + methodId + "']").isEmpty();
    }

    @Test
    void aNewcomerInstallsAuthFromTheMarketplacePageAndBuildsTheSignUpAndLoginTutorialInTheEditor() throws Exception {
        Ui.signInAsAdmin(browser, host);
        editor.newAppOpened("Corner shop with its own accounts", "corner-shop");
        browser.find("#palette .palette-item[data-method='session.start']");
        assertFalse(inPalette("auth.sign-in"), "a fresh host has only the session plugin");

        installAuthFromTheMarketplacePage();

        browser.open(Ui.url(host) + "#/apps/corner-shop");
        browser.waitFor(d -> inPalette("auth.sign-in") && inPalette("auth.sign-out") && inPalette("auth.sign-up")
                && inPalette("auth.change-password"));
        browser.withText("#palette .palette-group[data-plugin='auth-plugin'] h3", "Auth");

        // "Sign up": Sign Up dragged in, the credentials read from the message's account, the account in their place
        editor.newFlow("Sign up", "sign-up", "POST", "/signup", "NONE");
        browser.drag(editor.palette("auth.sign-up"), browser.find("ol[data-container='root']"), 0.5);
        editor.stepIds("root", List.of("sign-up"));
        editor.renameSelected("create");
        credentialsFromTheAccount();
        editor.writeOutputTo("account");

        // "Log in and open a basket": Sign In with the palette's +, whose form comes from its descriptor
        editor.newFlow("Log in and open a basket", "login", "POST", "/login", "NONE");
        browser.click(editor.palette("auth.sign-in").findElement(By.cssSelector(".add-button")));
        editor.stepIds("root", List.of("sign-in"));
        browser.withText("#inspector [data-input='password']", "Password");
        browser.find("#inspector [data-input='password'] .chip-secret");
        assertEquals("password", browser.find("[data-input='password'] input").getAttribute("type"),
                "a password typed as it is stays masked");
        browser.screenshot("flow-editor-auth-sign-in");
        credentialsFromTheAccount();
        editor.writeOutputTo("account");
        // the basket, started after the sign-in so it is the new user's, kept in LOCAL as "basket"
        editor.addWithMenu("start session");
        editor.stepIds("root", List.of("sign-in", "start"));
        editor.renameSelected("open-basket");
        browser.type("[data-input='idleTimeoutSeconds'] input", "3600");
        editor.storeOutputIn("LOCAL", "basket");
        // its token remembered in the GLOBAL session of the user who just signed in
        browser.drag(editor.palette("session.set-parameters"), editor.stepCard("open-basket"), 0.9);
        editor.stepIds("root", List.of("sign-in", "open-basket", "set-parameters"));
        editor.renameSelected("remember-basket");
        new Select(browser.find("[data-input='scope'] select")).selectByValue("GLOBAL");
        editor.parameterRows(List.of(List.of("basketToken", "STRING", "EXPRESSION",
                "{{ session.local.basket.token }}")));

        // "Add to my basket": from the Add step menu; the basket found from the caller's GLOBAL session
        editor.newFlow("Add to my basket", "add-to-basket", "POST", "/basket/items", "JWT");
        editor.addWithMenu("get param");
        editor.stepIds("root", List.of("get-parameters"));
        editor.renameSelected("find-basket");
        basketTokenFromGlobalInto("mine");
        editor.addWithMenu("update param");
        editor.stepIds("root", List.of("find-basket", "update-parameters"));
        editor.renameSelected("add");
        editor.tokenFrom("{{ session.local.mine.basketToken }}");
        editor.appendEachRow(0, "items", "{{ message.items }}");
        editor.writeOutputTo("basket");

        // "Log out": the basket's token read before Sign Out ends the GLOBAL session, the basket ended, signed out
        editor.newFlow("Log out", "logout", "POST", "/logout", "JWT");
        browser.drag(editor.palette("session.get-parameters"), browser.find("ol[data-container='root']"), 0.5);
        editor.stepIds("root", List.of("get-parameters"));
        editor.renameSelected("find-basket");
        basketTokenFromGlobalInto("mine");
        editor.addWithMenu("end session");
        editor.stepIds("root", List.of("find-basket", "end"));
        editor.renameSelected("drop-basket");
        editor.tokenFrom("{{ session.local.mine.basketToken }}");
        browser.click(editor.palette("auth.sign-out").findElement(By.cssSelector(".add-button")));
        editor.stepIds("root", List.of("find-basket", "drop-basket", "sign-out"));
        browser.withText("#inspector", "This method takes no inputs.");
        editor.writeOutputTo("signedOut");
        editor.saveAndWait();

        editor.assertSavedAsExample("corner-shop", "own-sign-in.json");
        // what the comparison above derives from the descriptors, pinned: the passwords are the secret inputs
        JsonNode saved = TestHost.json(host.get("/api/apps/corner-shop", host.adminToken())).path("flows");
        assertEquals("[\"password\"]", saved.path(0).path("steps").path(0).path("secretInputs").toString());
        assertEquals("[\"password\"]", saved.path(1).path("steps").path(0).path("secretInputs").toString());
        assertEquals("auth-plugin", saved.path(1).path("steps").path(0).path("plugin").asText());
        browser.click("[data-flow-id='login']");
        editor.select("sign-in");
        browser.screenshot("tutorial-own-sign-in");

        runTheTutorialsCallsFromTheTestPanel();
    }

    /** As an admin on the marketplace page: Auth is offered, Install, and it is listed as installed. */
    private static void installAuthFromTheMarketplacePage() {
        browser.open(Ui.url(host) + "#/marketplace");
        String offered = "#available-plugins [data-plugin-id='auth-plugin']";
        assertTrue(browser.find(offered).getText().contains("Auth"), browser.find(offered).getText());
        assertTrue(browser.all("#available-plugins .empty").isEmpty(), "something to install on a fresh host");
        browser.js("arguments[0].scrollIntoView({block: 'center'})",
                browser.find(offered + " [data-action='install']"));
        browser.click(offered + " [data-action='install']");
        String installed = "#installed-plugins [data-plugin-id='auth-plugin']";
        browser.withText(installed, "auth.sign-in");
        assertTrue(browser.all(offered).isEmpty());
        assertTrue(MarketplaceHost.plugin(host, "auth-plugin").isPresent());
        browser.screenshot("marketplace-auth-installed");
    }

    /** On the selected Sign Up or Sign In step: username and password, each an expression on the message's account. */
    private static void credentialsFromTheAccount() {
        editor.expression("username", "{{ message.account.username }}");
        editor.expression("password", "{{ message.account.password }}");
    }

    /** On the selected Get Parameters step: basketToken read from the GLOBAL session, kept in a LOCAL variable. */
    private static void basketTokenFromGlobalInto(String variable) {
        new Select(browser.find("[data-input='scope'] select")).selectByValue("GLOBAL");
        editor.parameterNames(List.of("basketToken"));
        editor.storeOutputIn("LOCAL", variable);
    }

    /**
     * The tutorial's calls from the editor's test panel. Sign-up and login run as the admin using the editor, as an
     * anonymous caller's would (their triggers need no token). A test run carries no token of its own, so the basket
     * and the logout, whose triggers need the caller's JWT, run as the test user zoe: the flow then reads zoe's GLOBAL
     * session, where the login stored the basket's token.
     */
    private static void runTheTutorialsCallsFromTheTestPanel() throws Exception {
        browser.click("[data-flow-id='sign-up']");
        browser.click("#toggle-test");
        JsonNode account = editor.runTest(ZOE, "", 200).path("account");
        assertEquals(List.of("id", "username", "roleId"), TestHost.fieldNames(account),
                "the new account in place of the credentials: " + account);
        assertEquals("zoe", account.path("username").asText());
        assertEquals("user", account.path("roleId").asText());
        assertPassphraseShownNowhere("create");
        JsonNode taken = editor.runTest(ZOE, "", 409);
        assertEquals("USERNAME_TAKEN", taken.path("error").path("code").asText(), taken.toPrettyString());

        browser.click("[data-flow-id='login']");
        JsonNode login = editor.runTest(ZOE, "", 200).path("account");
        assertEquals(List.of("token", "tokenType", "expiresAt", "user"), TestHost.fieldNames(login), login.toString());
        assertFalse(login.path("token").asText().isEmpty(), "a token, masked by the panel: " + login);
        assertEquals("Bearer", login.path("tokenType").asText());
        assertEquals("zoe", login.path("user").path("username").asText());
        assertPassphraseShownNowhere("remember-basket");
        browser.js("document.querySelector('#test-response').scrollIntoView({block: 'center'})");
        browser.screenshot("tutorial-own-sign-in-run");
        JsonNode wrong = editor.runTest("{\"account\": {\"username\": \"zoe\", \"password\": \"not her passphrase\"}}",
                "", 401);
        assertEquals("INVALID_CREDENTIALS", wrong.path("error").path("code").asText(), wrong.toPrettyString());

        browser.click("[data-flow-id='add-to-basket']");
        editor.runAsTestUser("zoe");
        String items = "[\"tea\", \"scones\"]";
        assertEquals(JSON.readTree("{\"items\": " + items + ", \"basket\": {\"items\": " + items + "}}"),
                editor.runTest("{\"items\": " + items + "}", "", 200));
        browser.withText("#test-ran-as", "as zoe");

        browser.click("[data-flow-id='logout']");
        editor.runAsTestUser("zoe");
        JsonNode out = editor.runTest("{}", "", 200).path("signedOut");
        assertEquals("zoe", out.path("user").path("username").asText(), out.toString());
        assertFalse(out.path("tokenRevoked").asBoolean(true), "a test run has no token to revoke: " + out);
        assertEquals(1, out.path("sessionsEnded").asInt(), out.toString());
    }

    /**
     * The last run's response, trace (down to its last step) and sessions in the test panel, collapsed parts
     * included, hold no password.
     */
    private static void assertPassphraseShownNowhere(String lastStepId) {
        String shown = (String) browser.js("return document.querySelector('#test-result').textContent");
        assertTrue(shown.contains(lastStepId), "the run's trace is shown: " + shown);
        assertFalse(shown.contains(PASSPHRASE), shown);
    }
}
