package dev.sessionkit.host.ui;

import dev.sessionkit.host.TestHost;

/** Steps the UI tests share. */
final class Ui {
    /** The flow of PRODUCT.md section 5, exactly. */
    static final String SHOP_FLOW = """
            {"id": "add-item", "name": "Add item",
             "trigger": {"type": "REST", "method": "POST", "path": "/cart/items", "auth": "JWT"},
             "steps": [
               {"id": "remember", "method": "session.set-parameters",
                "input": {"scope": "GLOBAL", "parameters": [
                  {"name": "lastSku", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.sku }}"}]}},
               {"id": "read", "method": "session.get-parameters",
                "input": {"scope": "GLOBAL", "parameters": [{"name": "lastSku"}]},
                "output": {"dataType": "OBJECT", "scope": "LOCAL", "name": "cart", "target": "cart"}},
               {"id": "each", "type": "for-each", "items": "{{ message.items }}", "scoped": true, "steps": []}]}""";

    /** The app "shop" of PRODUCT.md section 5 with that flow, as a user exports it (without its version). */
    static final String SHOP_APP = "{\"id\": \"shop\", \"name\": \"Shop\", \"flows\": [" + SHOP_FLOW + "]}";

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
