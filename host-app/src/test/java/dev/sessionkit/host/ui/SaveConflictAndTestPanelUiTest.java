package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;

/**
 * Saving against a change made in a second tab (409: overwrite or reload), a save the host refuses, and the test
 * panel running the shop flow of PRODUCT.md section 5 through the real test route.
 */
class SaveConflictAndTestPanelUiTest {
    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass();
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();

    @Test
    void aSaveOverAChangeFromAnotherTabOffersOverwriteOrReload() {
        createApp("race");
        WebDriver driver = browser.driver();
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/race");
        String first = driver.getWindowHandle();
        addFromPalette("session.get-userid");

        driver.switchTo().newWindow(WindowType.TAB);
        String second = driver.getWindowHandle();
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/race");
        addFromPalette("session.get-username");
        saveAndWait();
        assertEquals(2, app("race").path("version").asInt());

        driver.switchTo().window(first);
        browser.click("#save");
        browser.withText("dialog[open] h2", "This app changed elsewhere");
        String dialog = browser.find("dialog[open]").getText();
        assertTrue(dialog.contains("App 'race' is at version 2, not 1: someone saved it after you read it."), dialog);
        browser.screenshot("save-conflict");
        browser.click("dialog[open] [data-choice='overwrite']");
        browser.waitFor(d -> !d.findElement(By.id("unsaved")).isDisplayed());
        JsonNode overwritten = app("race");
        assertEquals(3, overwritten.path("version").asInt());
        assertEquals(List.of("get-userid"), stepIdsOf(overwritten));

        driver.switchTo().window(second);
        addFromPalette("session.exists");
        browser.click("#save");
        browser.click("dialog[open] [data-choice='reload']");
        browser.waitForText("#app-version", "version 3");
        browser.waitFor(d -> d.findElements(By.cssSelector("ol[data-container='root'] > li.step")).stream()
                .map(e -> e.getAttribute("data-step-id")).toList().equals(List.of("get-userid")));
        assertTrue(!driver.findElement(By.id("unsaved")).isDisplayed());
        driver.close();
        driver.switchTo().window(first);
    }

    @Test
    void aRefusedSaveShowsTheMessageNextToTheStepAndFieldItsDetailsName() {
        expect(201, host.post("/api/apps", """
                {"id": "checked", "name": "Checked", "flows": [{"id": "f", "name": "F",
                 "trigger": {"type": "REST", "method": "POST", "path": "/f", "auth": "JWT"},
                 "steps": [{"id": "first", "method": "session.get-userid", "input": {}},
                           {"id": "remember", "method": "session.set-parameters", "input": {"parameters": [
                             {"name": "lastSku", "dataType": "STRING", "valueType": "EXPRESSION",
                              "value": "{{ message.sku }}"}]}}]}]}""", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/checked");
        browser.click(browser.find("li[data-step-id='remember'] > .step-card .step-title"));
        // An expression left unclosed: the host refuses the save and names the step and the row's value
        browser.find("[data-list='parameters'] [data-row='0'] [data-cell='value'] input").sendKeys(Keys.BACK_SPACE,
                Keys.BACK_SPACE);
        browser.click(browser.find("li[data-step-id='first'] > .step-card .step-title"));
        browser.click("#save");

        JsonNode error = json(expect(400, host.put("/api/apps/checked", "{\"version\": 1, \"name\": \"Checked\", "
                + "\"flows\": [{\"id\": \"f\", \"name\": \"F\", \"trigger\": {\"type\": \"REST\", \"method\": "
                + "\"POST\", \"path\": \"/f\", \"auth\": \"JWT\"}, \"steps\": [{\"id\": \"remember\", \"method\": "
                + "\"session.set-parameters\", \"input\": {\"parameters\": [{\"name\": \"lastSku\", \"dataType\": "
                + "\"STRING\", \"valueType\": \"EXPRESSION\", \"value\": \"{{ message.sku \"}]}}]}]}",
                host.adminToken())));
        // the same edit sent directly: the message and the field the page must show
        assertEquals("input.parameters[0].value", error.path("error").path("details").path("field").asText(),
                error.toString());
        String message = error.path("error").path("message").asText();
        browser.waitForText("#editor-banner", message);
        assertTrue(browser.find("li[data-step-id='remember']").getAttribute("class").contains("has-error"));
        assertTrue(browser.find("li[data-step-id='remember']").getAttribute("class").contains("selected"));
        WebElement cell = browser.find("#inspector [data-list='parameters'] [data-row='0'] [data-cell='value']");
        assertEquals(message, cell.findElement(By.cssSelector(".field-error")).getText());
        assertTrue(browser.find("#unsaved").isDisplayed());
        assertEquals(1, app("checked").path("version").asInt());
        browser.screenshot("save-refused");
    }

    @Test
    void theTestPanelRunsTheShopFlowAsMeAndAsATestUserAndShowsResponseTraceAndSessions() {
        expect(201, host.post("/api/apps", Ui.SHOP_APP, host.adminToken()));
        String bob = host.signUp("bob", "user");
        // bob's GLOBAL session already holds a parameter of his own
        expect(200, host.call("shop", "session.set-parameters", "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": "
                + "[{\"name\": \"favourite\", \"dataType\": \"STRING\", \"value\": \"tea\"}]}}", bob));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/shop");
        browser.click("#toggle-test");
        browser.type("#test-body", "{\"sku\": ");
        browser.click("#run-test");
        assertTrue(browser.find("#test-panel .value-error").getText().startsWith("Not valid JSON"));

        // An unsaved edit: Run saves it first, then runs the saved flow
        browser.find("#flow-name").sendKeys(" to cart");
        browser.waitFor(d -> d.findElement(By.id("test-unsaved")).isDisplayed());
        browser.type("#test-body", "{\"sku\": \"A-1\", \"items\": []}");
        browser.click("#run-test");
        browser.waitForText("#test-status", "200");
        assertEquals(2, app("shop").path("version").asInt());
        assertEquals("Add item to cart", app("shop").path("flows").path(0).path("name").asText());
        assertTrue(!browser.driver().findElement(By.id("unsaved")).isDisplayed());
        assertTrue(!browser.driver().findElement(By.id("test-unsaved")).isDisplayed());

        assertTrue(browser.find("#test-ran-as").getText().startsWith("as admin"));
        String response = browser.find("#test-response").getText();
        assertTrue(response.contains("\"sku\": \"A-1\"") && response.contains("\"cart\": {"), response);
        assertEquals(List.of("remember", "read", "each"), browser.all("#test-trace > li").stream()
                .map(li -> li.getAttribute("data-path")).toList());
        assertTrue(browser.find("#test-trace > li[data-path='read']").getText().contains("session.get-parameters"));
        assertTrue(browser.find("#test-trace > li[data-path='each'] .duration").getText().endsWith(" ms"));
        // the panel from its top, just under the sticky editor header
        browser.js("window.scrollBy(0, document.getElementById('test-panel').getBoundingClientRect().top - 140)");
        browser.screenshot("test-panel");
        browser.click("#test-trace > li[data-path='remember'] summary");
        String remember = browser.find("#test-trace > li[data-path='remember'] .io").getText();
        assertTrue(remember.contains("\"value\": \"A-1\""), remember); // the expression, resolved
        assertTrue(browser.find("#test-session-local").getText().contains("\"lastSku\": \"A-1\""));
        String global = browser.find("#test-session-global").getText();
        assertTrue(global.startsWith("GLOBAL session of admin"), global);
        assertTrue(global.contains("\"lastSku\": \"A-1\"") && !global.contains("favourite"), global);

        // As the test user bob: his own GLOBAL session, with what he had before. Choosing "test user" lists the users
        // as they are now: carol, who signed up after the panel opened, is among them.
        host.signUp("carol", "user");
        browser.click(browser.find("#test-panel input[value='other']"));
        browser.withText("#test-user option", "carol (user)");
        browser.withText("#test-user option", "bob (user)"); // the users list has arrived
        new Select(browser.find("#test-user")).selectByVisibleText("bob (user)");
        browser.type("#test-body", "{\"sku\": \"B-7\", \"items\": []}");
        browser.click("#run-test");
        browser.waitForText("#test-ran-as", "as bob");
        browser.waitForText("#test-status", "200");
        String bobs = browser.find("#test-session-global").getText();
        assertTrue(bobs.startsWith("GLOBAL session of bob"), bobs);
        assertTrue(bobs.contains("\"lastSku\": \"B-7\"") && bobs.contains("\"favourite\": \"tea\"")
                && !bobs.contains("A-1"), bobs);
        browser.js("document.getElementById('test-result').scrollIntoView({block: 'start'})");
        browser.screenshot("test-panel-as-user");
    }

    @Test
    void aSecretTheHostKeepsShowsAsSetIsKeptWhenSavedAgainAndCanBeReplaced() throws Exception {
        expect(201, host.post("/api/apps", """
                {"id": "vault-ui", "name": "Vault", "flows": [{"id": "f", "name": "F",
                 "trigger": {"type": "REST", "method": "POST", "path": "/f", "auth": "JWT"},
                 "steps": [{"id": "keep", "method": "session.set-parameters", "input": {"parameters": [
                             {"name": "apiKey", "dataType": "STRING", "value": "k-ui-secret", "secret": true}]}},
                           {"id": "read", "method": "session.get-parameters",
                            "input": {"parameters": [{"name": "apiKey"}]}, "output": {"target": "got"}}]}]}""",
                host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/vault-ui");
        browser.click(browser.find("li[data-step-id='keep'] > .step-card .step-title"));
        String cell = "#inspector [data-list='parameters'] [data-row='0'] [data-cell='value']";
        assertTrue(browser.find(cell + " .secret-set").getText().contains("Value set"));
        assertTrue(!browser.driver().getPageSource().contains("k-ui-secret"), "the page never holds the secret");
        browser.screenshot("secret-value-set");

        // Saved again from the editor without touching the secret: the host keeps the value and runs with it.
        browser.find("#flow-name").sendKeys(" saved");
        saveAndWait();
        assertEquals(2, app("vault-ui").path("version").asInt());
        assertTrue(java.nio.file.Files.readString(host.dataDir().resolve("apps/vault-ui.json")).contains("k-ui-secret"));
        assertEquals("k-ui-secret", json(expect(200, host.post("/run/vault-ui/f", "{}", host.adminToken())))
                .path("got").path("apiKey").asText());
        browser.find(cell + " .secret-set"); // still shown as set after the save

        // Replace: a new value is typed and saved.
        browser.click(browser.find(cell + " button"));
        browser.find(cell + " input[type='password']").sendKeys("k-ui-new");
        saveAndWait();
        assertEquals("k-ui-new", json(expect(200, host.post("/run/vault-ui/f", "{}", host.adminToken())))
                .path("got").path("apiKey").asText());
        browser.find(cell + " .secret-set");
        assertTrue(!browser.driver().getPageSource().contains("k-ui-new"));
    }

    @Test
    void secretValuesAreMaskedInTestResults() {
        Ui.signInAsAdmin(browser, host);
        Object masked = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/test-panel.js').then((m) => done(JSON.stringify(m.mask(
                  {token: 'abc', cart: {password: 'p', items: [{token: 't', sku: 'A'}]}, sku: 'B'},
                  new Set(['token', 'password'])))));""");
        assertEquals("{\"token\":\"••••••\",\"cart\":{\"password\":\"••••••\",\"items\":[{\"token\":\"••••••\","
                + "\"sku\":\"A\"}]},\"sku\":\"B\"}", masked);
    }

    private static void createApp(String id) {
        expect(201, host.post("/api/apps", "{\"id\": \"" + id + "\", \"name\": \"" + id + "\", \"flows\": [{\"id\": "
                + "\"f\", \"name\": \"F\", \"trigger\": {\"type\": \"REST\", \"method\": \"POST\", \"path\": \"/f\", "
                + "\"auth\": \"JWT\"}, \"steps\": []}]}", host.adminToken()));
    }

    private static void addFromPalette(String methodId) {
        browser.click("#palette .palette-item[data-method='" + methodId + "'] .add-button");
        browser.find("li[data-step-id='" + methodId.substring(methodId.indexOf('.') + 1) + "']");
    }

    private static void saveAndWait() {
        browser.click("#save");
        browser.waitFor(d -> !d.findElement(By.id("unsaved")).isDisplayed());
    }

    private static JsonNode app(String id) {
        return json(host.get("/api/apps/" + id, host.adminToken()));
    }

    private static List<String> stepIdsOf(JsonNode app) {
        return TestHost.texts(app.path("flows").path(0).path("steps"), "id");
    }
}
