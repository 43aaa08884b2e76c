package dev.sessionkit.host.ui;

import dev.sessionkit.host.ProductExamples;
import dev.sessionkit.host.TestHost;

/** Steps the UI tests share. */
final class Ui {
    /** The flow of PRODUCT.md section 5, exactly. */
    static final String SHOP_FLOW = ProductExamples.SHOP_FLOW;

    /** The app "shop" of PRODUCT.md section 5 with that flow, as a user exports it (without its version). */
    static final String SHOP_APP = ProductExamples.SHOP_APP;

    private Ui() {
    }

    /** @param host the host @return the web UI's address */
    static String url(TestHost host) {
        return "http://127.0.0.1:" + host.host().port() + "/";
    }

    /** Opens the UI (signed out) and signs in as the admin. */
    static void signInAsAdmin(Browser browser, TestHost host) {
        signIn(browser, host, "admin", TestHost.ADMIN_PASSWORD);
    }

    /** Opens the UI in a fresh tab state and signs in; waits for the apps page. */
    static void signIn(Browser browser, TestHost host, String username, String password) {
        browser.open(url(host));
        browser.js("sessionStorage.clear(); location.hash = '#/apps'; location.reload()");
        browser.type("#username", username);
        browser.type("#password", password);
        browser.click("#sign-in");
        browser.find("#sign-out");
    }
}
