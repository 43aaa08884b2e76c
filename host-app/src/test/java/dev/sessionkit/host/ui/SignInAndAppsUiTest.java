package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** Sign in and out, and the apps page: create, rename, export, import, delete; the server's errors shown. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInAndAppsUiTest {
    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass();
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();

    @Test
    @Order(1)
    void aWrongPasswordShowsTheServersMessageAndTheRightOneSignsIn() {
        browser.open(Ui.url(host));
        // The page names its icon, which the host serves (a browser would otherwise ask for /favicon.ico: a 404)
        String icon = (String) browser.js("return new URL(document.querySelector('link[rel=icon]').href).pathname");
        var served = host.get(icon, null);
        assertEquals(200, served.code(), icon);
        assertTrue(served.headers().get("Content-Type").get(0).startsWith("image/svg+xml"), icon);
        browser.find("#username").sendKeys("admin");
        browser.find("#password").sendKeys("not-the-password");
        browser.screenshot("sign-in");
        browser.click("#sign-in");
        String message = browser.find("#sign-in-error").getText();
        assertFalse(message.isBlank());
        assertEquals(json(host.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"x\"}", null))
                .path("error").path("message").asText(), message);

        browser.type("#password", TestHost.ADMIN_PASSWORD);
        browser.click("#sign-in");
        browser.withText(".user-name", "admin");
        browser.find("#app-list [data-app-id='default']");
        assertTrue(browser.driver().getCurrentUrl().endsWith("#/apps"));
    }

    @Test
    @Order(2)
    void createShowsAnInvalidIdNextToTheFieldThenCreatesRenamesAndDeletes() {
        Ui.signInAsAdmin(browser, host);
        browser.click("#new-app");
        browser.type("#app-name", "Shop");
        submitShowing("id", "Not An Id", "is not an app id");
        submitAs("id", "shop");
        browser.withText("#app-list [data-app-id='shop'] .app-name", "Shop");
        browser.screenshot("apps");

        browser.click("[data-app-id='shop'] [data-action='rename']");
        submitShowing("name", "   ", "An app name has 1 to");
        submitAs("name", "Shop front");
        browser.withText("[data-app-id='shop'] .app-name", "Shop front");
        assertEquals("Shop front", json(host.get("/api/apps/shop", host.adminToken())).path("name").asText());

        browser.click("[data-app-id='shop'] [data-action='delete']");
        browser.find("dialog[open]");
        browser.screenshot("delete-confirmation");
        browser.click("dialog[open] [data-choice='false']");
        browser.waitFor(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty()
                && d.findElement(By.cssSelector("[data-app-id='shop']")).isDisplayed());
        browser.click("[data-app-id='shop'] [data-action='delete']");
        browser.click("dialog[open] [data-choice='true']");
        browser.waitFor(d -> d.findElements(By.cssSelector("[data-app-id='shop']")).isEmpty());
        assertEquals(404, host.get("/api/apps/shop", host.adminToken()).code());
    }

    @Test
    @Order(3)
    void exportWritesTheDefinitionAndImportCreatesItAgain() throws Exception {
        expect(201, host.post("/api/apps", """
                {"id": "travel", "name": "Travel", "flows": [{"id": "book", "name": "Book",
                 "trigger": {"type": "REST", "method": "POST", "path": "/book", "auth": "JWT"}, "steps": []}]}""",
                host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.click("[data-app-id='travel'] [data-action='export']");
        Path exported = browser.downloads().resolve("travel.json");
        browser.waitFor(d -> Files.exists(exported) && sizeOf(exported) > 0);
        JsonNode definition = Json.newMapper().readTree(exported.toFile());
        assertEquals("travel", definition.path("id").asText());
        assertEquals("book", definition.path("flows").path(0).path("id").asText());

        expect(204, host.delete("/api/apps/travel", host.adminToken()));
        browser.driver().navigate().refresh();
        browser.find("#app-list [data-app-id='default']");
        browser.driver().findElement(By.id("import-file")).sendKeys(exported.toAbsolutePath().toString());
        browser.withText("[data-app-id='travel'] .app-name", "Travel");
        JsonNode imported = json(host.get("/api/apps/travel", host.adminToken()));
        assertEquals(definition.path("flows"), imported.path("flows"));
    }

    @Test
    @Order(4)
    void signOutRevokesTheTokenAndShowsTheSignInPage() {
        Ui.signInAsAdmin(browser, host);
        String token = (String) browser.js("return JSON.parse(sessionStorage.getItem('sessionkit.auth')).token");
        browser.click("#sign-out");
        browser.find("#username");
        assertEquals(401, host.get("/api/auth/me", token).code());
        assertEquals(null, browser.js("return sessionStorage.getItem('sessionkit.auth')"));
    }

    /** Submits the app dialog with a field's value and checks the server's message shows next to that field. */
    private static void submitShowing(String field, String value, String expectedMessage) {
        submitAs(field, value);
        String error = browser.find("[data-field='" + field + "'] .field-error").getText();
        assertTrue(error.contains(expectedMessage), error);
    }

    private static void submitAs(String field, String value) {
        browser.type("#app-" + field, value);
        browser.click("#app-dialog-submit");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
