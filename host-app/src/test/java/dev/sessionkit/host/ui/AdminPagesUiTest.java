package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.TestHost;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** The admin pages: marketplace and sessions show what the host answers; other roles do not see them. */
class AdminPagesUiTest {
    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass();
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();

    @Test
    void theMarketplaceListsTheInstalledPluginsAndWhatTheRepositoriesOffer() {
        Ui.signInAsAdmin(browser, host);
        browser.click("a.nav-link[href='#/marketplace']");
        String card = browser.find("#installed-plugins [data-plugin-id='session-plugin']").getText();
        int methods = json(host.get("/api/plugins", host.adminToken())).path(0).path("methods").size();
        assertTrue(card.contains("v0.1.0") && card.contains("started") && card.contains(methods + " method(s)"), card);
        showsTheHostsAnswer("/api/marketplace", "#available-plugins", ".plugin-card, .empty");
        browser.screenshot("marketplace");
    }

    @Test
    void theSessionsPageShowsTheHostsAnswerForTheChosenApp() {
        Ui.signInAsAdmin(browser, host);
        browser.click("a.nav-link[href='#/sessions']");
        assertEquals("default", browser.find("#sessions-app").getAttribute("value"));
        showsTheHostsAnswer("/api/apps/default/sessions", "#sessions-table", "table, .empty");
        browser.screenshot("sessions");
    }

    /**
     * Checks that a page part shows what the host answers to a route: content when it answers 200, else the host's
     * error message (until the marketplace and sessions routes are merged, their "no such route" message).
     */
    private static void showsTheHostsAnswer(String route, String part, String contentSelectors) {
        Response answer = host.get(route, host.adminToken());
        if (answer.code() == 200) {
            String within = java.util.Arrays.stream(contentSelectors.split(","))
                    .map(css -> part + " " + css.trim()).collect(java.util.stream.Collectors.joining(", "));
            browser.find(within);
        } else {
            browser.waitForText(part, json(answer).path("error").path("message").asText());
        }
    }

    @Test
    void buildersDoNotSeeTheAdminPages() {
        host.createUser("bea", "builder");
        Ui.signIn(browser, host, "bea", TestHost.password("bea"));
        browser.withText(".user-name", "bea");
        assertTrue(browser.driver().findElements(By.cssSelector("a.nav-link[href='#/marketplace']")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("a.nav-link[href='#/sessions']")).isEmpty());
    }
}
