package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.ProductExamples;
import dev.sessionkit.host.TestHost;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** The admin pages (tested in MarketplaceUiTest and SessionsUiTest) are not offered to other roles. */
class AdminPagesUiTest {
    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass();
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();

    @Test
    void buildersDoNotSeeTheAdminPages() {
        host.createUser("bea", "builder");
        Ui.signIn(browser, host, "bea", TestHost.password("bea"));
        browser.withText(".user-name", "bea");
        assertTrue(browser.driver().findElements(By.cssSelector("a.nav-link[href='#/marketplace']")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("a.nav-link[href='#/sessions']")).isEmpty());
    }

    @Test
    void theRoleUserReadsAppsWithoutTheButtonsTheHostWouldRefuse() {
        host.createUser("uli", "user");
        expect(201, host.post("/api/apps", ProductExamples.SHOP_APP, host.adminToken()));
        Ui.signIn(browser, host, "uli", TestHost.password("uli"));
        browser.withText(".user-name", "uli");
        browser.find("#read-only-note");
        assertTrue(browser.driver().findElements(By.id("new-app")).isEmpty());
        assertTrue(browser.driver().findElements(By.id("import-app")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("[data-app-id='shop'] [data-action='rename']")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("[data-app-id='shop'] [data-action='delete']")).isEmpty());
        browser.find("[data-app-id='shop'] [data-action='export']");

        browser.open(Ui.url(host) + "#/apps/shop");
        browser.find("li[data-step-id='remember']");
        browser.find("#read-only-note");
        assertTrue(browser.driver().findElements(By.id("save")).isEmpty());
        assertTrue(browser.driver().findElements(By.id("toggle-test")).isEmpty());
    }
}
