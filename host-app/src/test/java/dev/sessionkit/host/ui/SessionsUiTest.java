package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The sessions page over real sessions made through the REST API: a user's GLOBAL data (with a secret) and a TOKEN
 * session are listed, filtered by scope and by user, inspected with the secret masked, ended; a user is logged out
 * everywhere (their token is then refused) and another's data is erased (their token still works).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionsUiTest {
    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass();
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();

    private static String signUp(String username) {
        host.createUser(username, "user");
        return host.login(username, TestHost.password(username));
    }

    private static String userId(String token) {
        return json(expect(200, host.get("/api/auth/me", token))).path("id").asText();
    }

    private static void setGlobal(String token, String parameters) {
        expect(200, host.call("default", "session.set-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": " + parameters + "}}", token));
    }

    private static boolean tokenSessionExists(String token) {
        return json(expect(200, host.call("default", "session.exists",
                "{\"inputs\": {\"scope\": \"TOKEN\", \"token\": " + TestHost.quote(token) + "}}", null)))
                .path("output").asBoolean();
    }

    private static List<String> listedScopes() {
        return browser.all("#sessions-table tbody tr").stream().map(tr -> tr.getAttribute("data-scope")).toList();
    }

    private static void filterByUser(String user) {
        browser.type("#sessions-user", user);
        browser.click("#sessions-user-apply");
    }

    @Test
    @Order(1)
    void listsFiltersInspectsAndEndsSessions() {
        String cleo = signUp("cleo");
        String cleoId = userId(cleo);
        setGlobal(cleo, "[{\"name\": \"card\", \"dataType\": \"STRING\", \"value\": \"4111-1111\", \"secret\": true},"
                + " {\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 3}]");
        String token = json(expect(200, host.call("default", "session.start",
                "{\"inputs\": {\"ttlSeconds\": 600}}", null))).path("output").path("token").asText();
        expect(200, host.call("default", "session.set-parameters", "{\"inputs\": {\"scope\": \"TOKEN\", \"token\": "
                + TestHost.quote(token) + ", \"parameters\": [{\"name\": \"step\", \"dataType\": \"STRING\", "
                + "\"value\": \"payment\"}]}}", null));

        Ui.signInAsAdmin(browser, host);
        browser.click("a.nav-link[href='#/sessions']");
        assertEquals("default", browser.find("#sessions-app").getAttribute("value"));
        String cleoRow = "#sessions-table tr[data-session-id='global:" + cleoId + "']";
        String row = browser.find(cleoRow).getText();
        assertTrue(row.contains("GLOBAL") && row.contains("cleo") && row.contains("4"), row); // card, cart, username, roleId
        String tokenRow = browser.find("#sessions-table tr[data-scope='TOKEN']").getText();
        assertTrue(tokenRow.contains("in 10 min"), tokenRow);
        assertFalse(browser.find("#sessions-table").getText().contains(token), "a token is shown");
        JsonNode listed = json(expect(200, host.get("/api/apps/default/sessions", host.adminToken())));
        assertEquals(listed.path("total").asInt(), browser.all("#sessions-table tbody tr").size());

        new Select(browser.find("#sessions-scope")).selectByValue("TOKEN");
        browser.waitFor(d -> listedScopes().equals(List.of("TOKEN")));
        new Select(browser.find("#sessions-scope")).selectByValue("");
        browser.waitFor(d -> listedScopes().size() == listed.path("total").asInt());

        // by username, then by id: only cleo's GLOBAL session, and the actions for her
        filterByUser("cleo");
        browser.waitFor(d -> listedScopes().equals(List.of("GLOBAL")));
        browser.find(cleoRow);
        assertTrue(browser.find("#user-panel").getText().contains(cleoId));
        filterByUser(cleoId);
        browser.withText("#user-panel .user-card-name", "cleo");
        browser.waitFor(d -> listedScopes().equals(List.of("GLOBAL")));
        filterByUser("nobody");
        browser.withText("#user-panel", "No user has the username or id “nobody”");

        // inspect: the values, the secret masked
        filterByUser("cleo");
        browser.click(cleoRow + " [data-action='inspect']");
        browser.find("#session-detail tr[data-key='card']");
        assertEquals("\"***\"", browser.find("#session-detail tr[data-key='card'] td").getText());
        assertTrue(browser.find("#session-detail tr[data-key='card'] th").getText().contains("secret"));
        assertEquals("3", browser.find("#session-detail tr[data-key='cart'] td").getText());
        assertEquals("\"cleo\"", browser.find("#session-detail tr[data-key='username'] td").getText());
        assertFalse(browser.find("#session-detail").getText().contains("4111"), "a secret is shown");
        browser.screenshot("sessions");
        browser.width(1024);
        browser.screenshot("sessions-1024");
        browser.width(1280);

        // end the TOKEN session: asked first, then gone from the page and from the host
        filterByUser("");
        browser.click("#sessions-table tr[data-scope='TOKEN'] [data-action='end']");
        browser.withText("dialog[open]", "End this TOKEN session?");
        browser.click("dialog[open] [data-choice='true']");
        browser.waitFor(d -> d.findElements(By.cssSelector("#sessions-table tr[data-scope='TOKEN']")).isEmpty());
        assertFalse(tokenSessionExists(token));
        browser.find(cleoRow);

        // the filters live in the page's address: a reload and another app keep them
        expect(201, host.post("/api/apps", "{\"id\": \"other\", \"name\": \"Other\"}", host.adminToken()));
        browser.open(Ui.url(host) + "#/sessions/default?user=cleo&scope=GLOBAL");
        browser.waitFor(d -> listedScopes().equals(List.of("GLOBAL")));
        browser.find(cleoRow);
        assertEquals("GLOBAL", browser.find("#sessions-scope").getAttribute("value"));
        new Select(browser.find("#sessions-app")).selectByValue("other");
        browser.withText("#sessions-summary", "0 sessions");
        assertEquals("cleo", browser.find("#sessions-user").getAttribute("value"), "the user filter stays");
        assertEquals("GLOBAL", browser.find("#sessions-scope").getAttribute("value"), "the scope filter stays");
        assertTrue(browser.find("#user-panel").getText().contains(cleoId));
        assertTrue(browser.driver().getCurrentUrl().endsWith("#/sessions/other?user=cleo&scope=GLOBAL"),
                browser.driver().getCurrentUrl());
    }

    @Test
    @Order(2)
    void logsAUserOutEverywhereAndErasesAnotherUsersData() {
        String dan = signUp("dan");
        setGlobal(dan, "[{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 5}]");
        String eve = signUp("eve");
        String eveId = userId(eve);
        setGlobal(eve, "[{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 7}]");
        expect(200, host.get("/api/auth/me", dan));

        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/sessions/default");
        filterByUser("dan");
        browser.waitFor(d -> listedScopes().equals(List.of("GLOBAL")));
        browser.click("#logout-user");
        browser.withText("dialog[open]", "Log dan out everywhere?");
        browser.click("dialog[open] [data-choice='false']");
        browser.waitFor(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        expect(200, host.get("/api/auth/me", dan));

        browser.click("#logout-user");
        browser.click("dialog[open] [data-choice='true']");
        browser.withText("#user-result", "dan is logged out everywhere");
        assertTrue(browser.find("#user-result").getText().contains("1 GLOBAL session ended"));
        browser.waitFor(d -> listedScopes().isEmpty());
        assertEquals(401, host.get("/api/auth/me", dan).code());

        filterByUser("eve");
        browser.waitFor(d -> listedScopes().equals(List.of("GLOBAL")));
        browser.click("#erase-user");
        browser.withText("dialog[open]", "Erase eve’s session data?");
        browser.click("dialog[open] [data-choice='true']");
        browser.withText("#user-result", "eve’s data is erased: 1 GLOBAL session ended");
        browser.waitFor(d -> listedScopes().isEmpty());
        // her token still works, and her data is gone
        assertEquals(eveId, userId(eve));
        JsonNode read = json(expect(200, host.call("default", "session.get-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"cart\"}]}}", eve)));
        assertTrue(read.path("output").path("cart").isMissingNode(), read.toString());
    }

    @Test
    @Order(3)
    void aLongValueWrapsInsideTheDetailPanel() {
        String finn = signUp("finn");
        String finnId = userId(finn);
        setGlobal(finn, "[{\"name\": \"blob\", \"dataType\": \"STRING\", \"value\": \"" + "x".repeat(600) + "\"}]");

        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/sessions/default?user=finn");
        String finnRow = "#sessions-table tr[data-session-id='global:" + finnId + "']";
        browser.click(finnRow + " [data-action='inspect']");
        browser.find("#session-detail tr[data-key='blob']");
        assertEquals(Boolean.TRUE, browser.js("const panel = document.getElementById('session-detail');"
                + " return panel.scrollWidth <= panel.clientWidth && document.documentElement.scrollWidth"
                + " <= document.documentElement.clientWidth;"), "a long value wraps instead of widening the page");
    }
}
