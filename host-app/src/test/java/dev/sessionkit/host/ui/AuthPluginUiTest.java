package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.marketplace.MarketplaceHost;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fresh host's marketplace page offers the bundled Auth plugin (the only plugin it has to install); installing it
 * from the page puts an "Auth" group in the flow editor's palette, and its methods' forms render from their
 * descriptors (the password inputs marked secret) with no code of their own.
 */
class AuthPluginUiTest {
    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass();
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();

    private static boolean inPalette(String methodId) {
        return !browser.all("#palette .palette-item[data-method='" + methodId + "']").isEmpty();
    }

    @Test
    void installingAuthFromTheMarketplacePageAddsItToThePalette() {
        expect(201, host.post("/api/apps", """
                {"id": "corner-shop", "name": "Corner shop", "flows": [
                  {"id": "login", "name": "Log in", "trigger": {"method": "POST", "path": "/login", "auth": "NONE"},
                   "steps": [{"id": "info", "method": "session.exists"}]}]}""", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/corner-shop/flows/login");
        browser.find("#palette .palette-item[data-method='session.start']");
        assertFalse(inPalette("auth.sign-in"), "a fresh host has only the session plugin");

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

        browser.open(Ui.url(host) + "#/apps/corner-shop/flows/login");
        browser.waitFor(d -> inPalette("auth.sign-in") && inPalette("auth.sign-out") && inPalette("auth.sign-up")
                && inPalette("auth.change-password"));
        browser.withText("#palette .palette-group[data-plugin='auth-plugin'] h3", "Auth");

        // its form comes from the descriptor: the Sign In step's password input is marked secret
        String signIn = "#palette .palette-item[data-method='auth.sign-in']";
        browser.js("arguments[0].scrollIntoView({block: 'center'})", browser.find(signIn));
        browser.click(signIn + " .add-button");
        browser.withText("#inspector", "Password");
        browser.find("#inspector .chip-secret");
        browser.screenshot("flow-editor-auth-sign-in");
    }
}
