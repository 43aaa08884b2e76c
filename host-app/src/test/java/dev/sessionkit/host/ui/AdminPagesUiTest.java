package dev.sessionkit.host.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
