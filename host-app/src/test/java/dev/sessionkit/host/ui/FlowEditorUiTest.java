package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.json.Json;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The flow editor in a real browser: the "shop" flow of PRODUCT.md section 5 built by dragging from the palette and
 * configured in the inspector, saved and found again after a reload; the same editing done with the keyboard alone;
 * steps of missing plugins marked; the page at 1024 px.
 */
class FlowEditorUiTest {
    private static final ObjectMapper JSON = Json.newMapper();

    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass();
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();
    static final FlowEditing editor = new FlowEditing(browser, host);

    @Test
    void theShopFlowIsBuiltByDraggingConfiguredSavedAndFoundAfterAReload() throws Exception {
        expect(201, host.post("/api/apps", "{\"id\": \"shop\", \"name\": \"Shop\"}", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/shop");
        browser.click("#add-flow");
        browser.type("#flow-name", "Add item");
        browser.type("#flow-id", "add-item" + Keys.TAB);
        browser.type("#trigger-path", "/cart/items");
        new Select(browser.find("#trigger-method")).selectByValue("POST");
        new Select(browser.find("#trigger-auth")).selectByValue("JWT");
        assertTrue(browser.find("#unsaved").isDisplayed());

        // Set Parameters, dragged into the empty flow
        browser.drag(editor.palette("session.set-parameters"), browser.find("ol[data-container='root']"), 0.5);
        editor.stepIds("root", List.of("set-parameters"));
        editor.renameSelected("remember");
        new Select(browser.find("[data-input='scope'] select")).selectByValue("GLOBAL");
        browser.click("[data-add-row='parameters']");
        editor.cell("parameters", 0, "name", "input").sendKeys("lastSku");
        new Select(editor.cell("parameters", 0, "dataType", "select")).selectByValue("STRING");
        new Select(editor.cell("parameters", 0, "valueType", "select")).selectByValue("EXPRESSION");
        editor.cell("parameters", 0, "value", "input").sendKeys("{{ message.sku }}");
        browser.screenshot("input-configuration");

        // Get Parameters, dropped below it; its output stored as session.local.cart and written to message.cart
        browser.drag(editor.palette("session.get-parameters"), editor.stepCard("remember"), 0.9);
        editor.stepIds("root", List.of("remember", "get-parameters"));
        editor.renameSelected("read");
        new Select(browser.find("[data-input='scope'] select")).selectByValue("GLOBAL");
        browser.click("[data-add-row='parameters']");
        editor.cell("parameters", 0, "name", "input").sendKeys("lastSku");
        browser.click("#tab-output");
        assertEquals("", new Select(browser.find("#output-dataType")).getFirstSelectedOption().getAttribute("value"));
        new Select(browser.find("#output-dataType")).selectByValue("OBJECT");
        browser.click("#output-store");
        new Select(browser.find("#output-scope")).selectByValue("LOCAL");
        browser.type("#output-name", "cart");
        browser.click("#output-write");
        browser.type("#output-target", "cart");
        browser.screenshot("output-configuration");

        // For Each at the end; a method dragged into its body, moved out by dragging, then deleted
        browser.drag(editor.palette("for-each"), editor.stepCard("read"), 0.9);
        editor.stepIds("root", List.of("remember", "read", "for-each"));
        editor.renameSelected("each");
        WebElement scoped = browser.find("#inspector input[type='checkbox']");
        assertTrue(!scoped.isSelected(), "a new For Each is not Scoped, as docs/flows.md says");
        browser.click(scoped);
        browser.drag(editor.palette("session.get-username"), browser.find("ol[data-container='each']"), 0.5);
        editor.stepIds("each", List.of("get-username"));
        browser.drag(editor.stepCard("get-username"), editor.stepCard("remember"), 0.9);
        editor.stepIds("root", List.of("remember", "get-username", "read", "each"));
        editor.stepIds("each", List.of());
        browser.click(browser.find("li[data-step-id='get-username'] [data-action='delete']"));
        editor.stepIds("root", List.of("remember", "read", "each"));

        editor.saveAndWait();
        JsonNode saved = json(host.get("/api/apps/shop", host.adminToken()));
        assertEquals(editor.asSaved(JSON.readTree(Ui.SHOP_FLOW)), saved.path("flows").path(0), saved.toPrettyString());
        assertEquals(1, saved.path("flows").size());

        browser.driver().navigate().refresh();
        editor.stepIds("root", List.of("remember", "read", "each"));
        assertTrue(browser.driver().getCurrentUrl().endsWith("#/apps/shop/flows/add-item"));
        editor.select("read");
        browser.click("#tab-output");
        assertEquals("cart", browser.find("#output-name").getAttribute("value"));
        browser.screenshot("flow-editor");
        browser.click("#tab-input");
        assertEquals("GLOBAL", new Select(browser.find("[data-input='scope'] select")).getFirstSelectedOption().getAttribute("value"));
        assertTrue(!browser.driver().findElement(By.id("unsaved")).isDisplayed());
    }

    /**
     * The Add step search matches words at the start of words, and Enter takes the best match: a method whose name holds
     * every word before one that only mentions them ("end session" is End Session, although Update Parameters' help
     * says "append" and every method is about a session).
     */
    @Test
    void theAddStepSearchTakesTheMethodNamedByTheWords() throws Exception {
        expect(201, host.post("/api/apps", "{\"id\": \"menu\", \"name\": \"Menu\"}", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/menu");
        browser.find("#add-flow").sendKeys(Keys.ENTER);
        browser.find("#add-step").sendKeys(Keys.ENTER);
        browser.find("#add-step-search").sendKeys("end session");
        browser.waitFor(d -> !d.findElements(By.cssSelector(".menu-best")).isEmpty());
        assertEquals("session.end", browser.find(".menu-best button").getAttribute("data-method"));
        List<String> shown = browser.all("#add-step-dialog li:not([hidden]) button").stream()
                .map(b -> b.getAttribute("data-method")).toList();
        assertTrue(!shown.contains("session.update-parameters"), "'end' matched inside 'append': " + shown);
        browser.find("#add-step-search").sendKeys(Keys.ENTER);
        editor.stepIds("root", List.of("end"));
        editor.addWithMenu("update");
        editor.stepIds("root", List.of("end", "update-parameters"));
    }

    @Test
    void everyEditHasAKeyboardWayWithoutDragging() throws Exception {
        expect(201, host.post("/api/apps", "{\"id\": \"keys\", \"name\": \"Keys\"}", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/keys");
        browser.find("#add-flow").sendKeys(Keys.ENTER);
        browser.find("#flow-name").sendKeys(Keys.chord(Keys.CONTROL, "a"), "Keyboard");

        editor.addWithMenu("set param");
        editor.addWithMenu("get param");
        browser.find("#add-step").sendKeys(Keys.ENTER);
        browser.find("#add-step-search").sendKeys("for each");
        browser.screenshot("add-step-menu");
        browser.find("#add-step-search").sendKeys(Keys.ENTER);
        editor.stepIds("root", List.of("set-parameters", "get-parameters", "for-each"));

        // Alt+Up on a focused step moves it up; the buttons move it down, into the block above and out again
        editor.stepCard("get-parameters").sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_UP));
        editor.stepIds("root", List.of("get-parameters", "set-parameters", "for-each"));
        action("set-parameters", "down");
        editor.stepIds("root", List.of("get-parameters", "for-each", "set-parameters"));
        action("set-parameters", "indent");
        editor.stepIds("root", List.of("get-parameters", "for-each"));
        editor.stepIds("for-each", List.of("set-parameters"));
        action("set-parameters", "duplicate");
        editor.stepIds("for-each", List.of("set-parameters", "set-parameters-2"));
        action("set-parameters-2", "outdent");
        editor.stepIds("root", List.of("get-parameters", "for-each", "set-parameters-2"));
        editor.stepCard("get-parameters").sendKeys(Keys.DELETE);
        editor.stepIds("root", List.of("for-each", "set-parameters-2"));

        // "Add step" inside the For Each body, then the inspector, all from the keyboard
        browser.find("[data-add-to='for-each']").sendKeys(Keys.ENTER);
        browser.find("#add-step-search").sendKeys("get user");
        browser.find("#add-step-search").sendKeys(Keys.ARROW_DOWN);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        editor.stepIds("for-each", List.of("set-parameters", "get-username"));
        // Both Set Parameters steps need a row with a name, a data type and a value before the host takes them
        editor.stepCard("set-parameters").sendKeys(Keys.ENTER);
        addRowByKeyboard("seen", "BOOLEAN", null);
        browser.driver().switchTo().activeElement().sendKeys(Keys.SPACE);
        editor.stepCard("set-parameters-2").sendKeys(Keys.ENTER);
        addRowByKeyboard("count", "INTEGER", "2");
        browser.driver().switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, "s"));
        browser.waitFor(d -> !d.findElement(By.id("unsaved")).isDisplayed());

        JsonNode flow = editor.savedFlow("keys");
        assertEquals("Keyboard", flow.path("name").asText());
        assertEquals(JSON.readTree("""
                [{"id": "for-each", "type": "for-each", "items": "{{ message.items }}", "scoped": false, "steps": [
                   {"id": "set-parameters", "method": "session.set-parameters", "plugin": "session-plugin",
                    "input": {"parameters": [{"name": "seen", "dataType": "BOOLEAN", "value": true}]}},
                   {"id": "get-username", "method": "session.get-username", "plugin": "session-plugin", "input": {}}]},
                 {"id": "set-parameters-2", "method": "session.set-parameters", "plugin": "session-plugin",
                  "input": {"parameters": [{"name": "count", "dataType": "INTEGER", "value": 2}]}}]"""),
                flow.path("steps"), flow.toPrettyString());
    }

    @Test
    void eachDataTypeGetsAnEditorThatFitsItAndInvalidJsonIsNeverSaved() throws Exception {
        expect(201, host.post("/api/apps", "{\"id\": \"types\", \"name\": \"Types\", \"flows\": [{\"id\": \"f\", "
                + "\"name\": \"F\", \"trigger\": {\"type\": \"REST\", \"method\": \"POST\", \"path\": \"/f\", \"auth\": "
                + "\"JWT\"}, \"steps\": [{\"id\": \"set\", \"method\": \"session.set-parameters\", \"input\": {\"parameters\": "
                + "[{\"name\": \"text\", \"dataType\": \"STRING\", \"value\": \"t\"}]}}]}]}",
                host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/types");
        editor.select("set");
        List<String> types = List.of("INTEGER", "BOOLEAN", "DATETIME", "OBJECT");
        assertEquals("t", editor.cell("parameters", 0, "value", "input").getAttribute("value"));
        browser.click("[data-input='parameters'] [aria-label='Remove parameter 1']");
        for (int row = 0; row < types.size(); row++) {
            browser.click("[data-add-row='parameters']");
            editor.cell("parameters", row, "name", "input").sendKeys(types.get(row).toLowerCase());
            new Select(editor.cell("parameters", row, "dataType", "select")).selectByValue(types.get(row));
        }
        WebElement number = editor.cell("parameters", 0, "value", "input");
        assertEquals("number", number.getAttribute("type"));
        number.sendKeys("42");
        browser.click(editor.cell("parameters", 1, "value", "input[type='checkbox']"));
        WebElement local = editor.cell("parameters", 2, "value", "input[type='datetime-local']");
        browser.js("arguments[0].value = '2026-01-31T09:30'; arguments[0].dispatchEvent(new Event('input'))", local);
        WebElement offset = editor.cell("parameters", 2, "value", "input.offset");
        offset.clear();
        offset.sendKeys("+01:00");
        WebElement json = editor.cell("parameters", 3, "value", "textarea");
        json.sendKeys("{\"a\": ");
        assertTrue(browser.find("[data-row='3'] [data-cell='value'] .value-error").getText().startsWith("Not valid JSON"));
        json.sendKeys("[1, 2]}");
        browser.waitFor(d -> !d.findElement(By.cssSelector("[data-row='3'] [data-cell='value'] .value-error")).isDisplayed());
        json.sendKeys(Keys.BACK_SPACE);
        browser.find("[data-row='3'] [data-cell='value'] .value-error");
        json.sendKeys("}");
        editor.saveAndWait();

        JsonNode input = editor.savedFlow("types").path("steps")
                .path(0).path("input");
        assertEquals(JSON.readTree("""
                {"parameters": [
                  {"name": "integer", "dataType": "INTEGER", "value": 42},
                  {"name": "boolean", "dataType": "BOOLEAN", "value": true},
                  {"name": "datetime", "dataType": "DATETIME", "value": "2026-01-31T09:30:00+01:00"},
                  {"name": "object", "dataType": "OBJECT", "value": {"a": [1, 2]}}]}"""), input, input.toPrettyString());
    }

    @Test
    void stepsOfMissingPluginsAreMarkedAndKeepTheirConfiguration() {
        expect(201, host.post("/api/apps", """
                {"id": "legacy", "name": "Legacy", "flows": [{"id": "old", "name": "Old",
                 "trigger": {"type": "REST", "method": "GET", "path": "/old", "auth": "NONE"},
                 "steps": [{"id": "gone", "method": "acme.lookup", "plugin": "acme", "input": {"key": "k"}},
                           {"id": "who", "method": "session.get-username", "input": {}}]}]}""", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/legacy");
        WebElement gone = browser.find("li[data-step-id='gone']");
        assertTrue(gone.getAttribute("class").contains("missing"));
        assertEquals("plugin missing", gone.findElement(By.cssSelector(".badge-error")).getText());
        assertTrue(!browser.find("li[data-step-id='who']").getAttribute("class").contains("missing"));
        editor.select("gone");
        String notice = browser.find("#inspector .notice-error").getText();
        assertTrue(notice.contains("acme.lookup") && notice.contains("the plugin “acme”"), notice);
        assertTrue(browser.find("#inspector pre").getText().contains("\"key\": \"k\""));
        browser.screenshot("missing-plugin");
    }

    @Test
    void anAnonymousFlowWritingASharedSessionIsSavedWithAWarningBesideTheStep() {
        expect(201, host.post("/api/apps", """
                {"id": "lobby", "name": "Lobby", "flows": [{"id": "visit", "name": "Visit",
                 "trigger": {"type": "REST", "method": "POST", "path": "/visit", "auth": "NONE"},
                 "steps": [{"id": "count", "method": "session.set-parameters", "input": {"scope": "SHARED",
                             "sessionName": "stats", "parameters": [{"name": "last", "dataType": "STRING",
                             "value": "x"}]}},
                           {"id": "who", "method": "session.get-parameters", "input": {"scope": "SHARED",
                             "sessionName": "stats", "parameters": [{"name": "last"}]}}]}]}""", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/lobby");
        WebElement count = browser.find("li[data-step-id='count']");
        assertTrue(count.getAttribute("class").contains("has-warning"), count.getAttribute("class"));
        assertEquals("⚠ warning", count.findElement(By.cssSelector(".step-warning-badge")).getText());
        assertTrue(browser.all("li[data-step-id='who'] .step-warning-badge").isEmpty(), "reading is not warned");
        editor.select("count");
        String warning = browser.find("#inspector .step-warning").getText();
        assertTrue(warning.contains("runs for anyone") && warning.contains("SHARED"), warning);
        browser.screenshot("anonymous-shared-write-warning");

        // The warning never blocks a save; a save that makes the trigger need a JWT clears it.
        browser.type("#flow-name", "Visit!");
        editor.saveAndWait();
        browser.find("li[data-step-id='count'].has-warning");
        new Select(browser.find("#trigger-auth")).selectByValue("JWT");
        editor.saveAndWait();
        browser.waitFor(d -> d.findElements(By.cssSelector(".step-warning-badge")).isEmpty());
        editor.select("count");
        assertTrue(browser.all("#inspector .step-warning").isEmpty());
        assertEquals("JWT", editor.savedFlow("lobby")
                .path("trigger").path("auth").asText());
    }

    @Test
    void theEditorIsUsableAt1024Pixels() {
        expect(201, host.post("/api/apps", """
                {"id": "narrow", "name": "Narrow", "flows": [{"id": "f", "name": "F",
                 "trigger": {"type": "REST", "method": "POST", "path": "/f", "auth": "JWT"},
                 "steps": [{"id": "p", "type": "parallel", "scoped": false, "branches": [
                   {"id": "a", "steps": [{"id": "s", "method": "session.set-parameters", "input": {"parameters": [
                     {"name": "n", "dataType": "INTEGER", "value": 1}]}}]},
                   {"id": "b", "steps": []}]}]}]}""", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        try {
            browser.width(1024);
            browser.open(Ui.url(host) + "#/apps/narrow");
            editor.stepIds("p/a", List.of("s"));
            browser.drag(editor.palette("session.get-userid"), browser.find("ol[data-container='p/b']"), 0.5);
            editor.stepIds("p/b", List.of("get-userid"));
            editor.select("s");
            browser.find("#inspector [data-input='parameters']");
            assertEquals(Boolean.TRUE, browser.js("return document.documentElement.scrollWidth <= window.innerWidth"));
            browser.screenshot("flow-editor-1024");
        } finally {
            browser.width(1280);
        }
    }

    @Test
    void anOutputWrittenOnlyIntoTheMessageSavesWithNothingElse() throws Exception {
        expect(201, host.post("/api/apps", """
                {"id": "who", "name": "Who", "flows": [{"id": "me", "name": "Me",
                 "trigger": {"type": "REST", "method": "GET", "path": "/me", "auth": "JWT"},
                 "steps": [{"id": "read", "method": "session.get-parameters", "input": {"scope": "GLOBAL",
                   "parameters": [{"name": "username"}]}}]}]}""", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/who");
        editor.select("read");
        browser.click("#tab-output");
        assertTrue(!browser.find("#output-store").isSelected() && !browser.find("#output-write").isSelected());
        assertTrue(!browser.driver().findElement(By.id("output-name")).isDisplayed(), "no variable until chosen");
        // a variable chosen then given up leaves nothing behind
        browser.click("#output-store");
        browser.find("#output-store-fields .field-error:not([hidden])");
        browser.type("#output-name", "me");
        browser.click("#output-store");
        browser.click("#output-write");
        browser.type("#output-target", "user");
        browser.waitForText("li[data-step-id='read'] .badge-output", "message.user");
        editor.saveAndWait();
        JsonNode step = editor.savedFlow("who").path("steps").path(0);
        assertEquals(JSON.readTree("{\"target\": \"user\"}"), step.path("output"), step.toPrettyString());

        // both: a GLOBAL variable and the message field
        browser.click("#tab-output");
        browser.click("#output-store");
        new Select(browser.find("#output-scope")).selectByValue("GLOBAL");
        browser.type("#output-name", "me");
        editor.saveAndWait();
        step = editor.savedFlow("who").path("steps").path(0);
        assertEquals(JSON.readTree("{\"scope\": \"GLOBAL\", \"name\": \"me\", \"target\": \"user\"}"),
                step.path("output"), step.toPrettyString());
    }

    @Test
    void aTokenExpressionShowsAsAnExpressionCompletesFromTheTestBodyAndRoundTrips() throws Exception {
        expect(201, host.post("/api/apps", """
                {"id": "track", "name": "Track", "flows": [{"id": "track", "name": "Track",
                 "trigger": {"type": "REST", "method": "POST", "path": "/track", "auth": "NONE"},
                 "steps": [{"id": "read", "method": "session.get-parameters", "input": {"scope": "TOKEN",
                   "token": {"valueType": "EXPRESSION", "value": "{{ request.headers.x-delivery-token }}"},
                   "parameters": [{"name": "status"}]}, "output": {"target": "delivery"}}]}]}""", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/track");
        browser.click("#toggle-test");
        WebElement body = browser.find("#test-body");
        body.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{\"delivery\": {\"token\": \"t-1\", \"eta\": 12}}");
        editor.select("read");
        WebElement token = browser.find("[data-input='token'] input");
        assertEquals("text", token.getAttribute("type"), "an expression is shown, not masked");
        assertEquals("{{ request.headers.x-delivery-token }}", token.getAttribute("value"));
        assertEquals("true", browser.find("[data-value-type='token']").getAttribute("aria-pressed"));

        // completion: the message's fields come from the test panel's body, segment by segment
        token.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ message.de");
        browser.waitForText("[data-input='token'] .completions", "message.delivery");
        token.sendKeys(Keys.ENTER);
        assertEquals("{{ message.delivery }}", token.getAttribute("value"));
        token.sendKeys(".to");
        browser.waitForText("[data-input='token'] .completions", "message.delivery.token");
        token.sendKeys(Keys.ENTER);
        assertEquals("{{ message.delivery.token }}", token.getAttribute("value"));
        assertTrue(!browser.driver().findElement(By.cssSelector("[data-input='token'] .value-error")).isDisplayed());

        // an unknown root and a syntax error are marked before saving
        token.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ mesage.token }}");
        browser.waitForText("[data-input='token'] .value-error", "not a known root");
        token.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ message.token + 1 }}");
        browser.waitForText("[data-input='token'] .value-error", "paths only");
        browser.screenshot("expression-error");
        token.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ message.de");
        browser.waitForText("[data-input='token'] .completions", "message.delivery");
        token.sendKeys(Keys.TAB);
        token.sendKeys(".token");
        browser.screenshot("expression-completion");
        browser.waitFor(d -> !d.findElement(By.cssSelector("[data-input='token'] .value-error")).isDisplayed());

        // a value type is chosen per input: the session name of a SHARED scope, as an expression
        editor.saveAndWait();
        JsonNode input = editor.savedFlow("track").path("steps")
                .path(0).path("input");
        assertEquals(JSON.readTree("{\"valueType\": \"EXPRESSION\", \"value\": \"{{ message.delivery.token }}\"}"),
                input.path("token"), input.toPrettyString());
        browser.driver().navigate().refresh();
        editor.select("read");
        assertEquals("{{ message.delivery.token }}", browser.find("[data-input='token'] input").getAttribute("value"));
        new Select(browser.find("[data-input='scope'] select")).selectByValue("SHARED");
        browser.click("[data-value-type='sessionName']");
        WebElement name = browser.find("[data-input='sessionName'] input");
        assertEquals("{{ message.sessionName }}", name.getAttribute("value"));
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ user.");
        browser.waitForText("[data-input='sessionName'] .completions", "user.username");
        name.sendKeys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ENTER);
        assertEquals("{{ user.username }}", name.getAttribute("value"));
        editor.saveAndWait();
        input = editor.savedFlow("track").path("steps").path(0).path("input");
        assertEquals(JSON.readTree("{\"valueType\": \"EXPRESSION\", \"value\": \"{{ user.username }}\"}"),
                input.path("sessionName"), input.toPrettyString());
    }

    @Test
    void completionOffersWhatEarlierStepsStoreAndWhatTheAppKeepsInGlobal() {
        expect(201, host.post("/api/apps", """
                {"id": "paths", "name": "Paths", "flows": [
                 {"id": "remember", "name": "Remember", "trigger": {"method": "POST", "path": "/remember"},
                  "steps": [{"id": "keep", "method": "session.set-parameters", "input": {"scope": "GLOBAL",
                    "parameters": [{"name": "cart", "dataType": "STRING", "value": "c"}]}}]},
                 {"id": "use", "name": "Use", "trigger": {"method": "POST", "path": "/orders/{orderId}"},
                  "steps": [{"id": "read", "method": "session.get-parameters", "input": {"scope": "GLOBAL",
                    "parameters": [{"name": "cart"}]}, "output": {"name": "order"}},
                   {"id": "later", "method": "session.get-parameters", "input": {"scope": "TOKEN",
                    "token": {"valueType": "EXPRESSION", "value": "{{ message.token }}"},
                    "parameters": [{"name": "status"}]}}]}]}""", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/paths/flows/use");
        editor.select("later");
        WebElement token = browser.find("[data-input='token'] input");
        token.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ session.local.");
        browser.waitForText("[data-input='token'] .completions", "session.local.order");
        token.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ session.global.");
        browser.waitForText("[data-input='token'] .completions", "session.global.cart");
        browser.waitForText("[data-input='token'] .completions", "session.global.username");
        token.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ request.params.");
        browser.waitForText("[data-input='token'] .completions", "request.params.orderId");
        token.sendKeys(Keys.ESCAPE);
        assertTrue(!browser.driver().findElement(By.cssSelector("[data-input='token'] .completions")).isDisplayed());
        // what a step stores is offered only to the steps after it
        editor.select("read");
        browser.click("[data-value-type='scope']");
        WebElement scope = browser.find("[data-input='scope'] input");
        scope.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ session.local.");
        assertEquals("{{ session.local.", scope.getAttribute("value"));
        assertTrue(browser.all("[data-input='scope'] .completions li").isEmpty(), "nothing is stored before 'read'");
    }

    @Test
    void theRoleUserSeesTheFlowsWithNoControlThatChangesThem() throws Exception {
        expect(201, host.post("/api/apps", """
                {"id": "readonly", "name": "Read only", "flows": [{"id": "f", "name": "F",
                 "trigger": {"type": "REST", "method": "POST", "path": "/f", "auth": "JWT"},
                 "steps": [{"id": "read", "method": "session.get-parameters", "input": {"scope": "TOKEN",
                   "token": {"valueType": "EXPRESSION", "value": "{{ message.token }}"},
                   "parameters": [{"name": "status"}]}, "output": {"target": "delivery"}},
                   {"id": "each", "type": "for-each", "items": "{{ message.items }}", "scoped": true,
                    "steps": []}]}]}""",
                host.adminToken()));
        host.createUser("rita", "user");
        Ui.signIn(browser, host, "rita", TestHost.password("rita"));
        browser.open(Ui.url(host) + "#/apps/readonly");
        browser.find("li[data-step-id='read']");
        for (String control : List.of("#add-flow", "#delete-flow", "#add-step", "#save", "#toggle-test",
                "[data-action]", ".add-here", "#palette .add-button")) {
            assertTrue(browser.all(control).isEmpty(), control + " is offered to a reader");
        }
        assertTrue(browser.all("#flow-settings input, #flow-settings select").stream()
                .noneMatch(WebElement::isEnabled));
        editor.stepCard("read").sendKeys(Keys.DELETE);
        editor.stepCard("read").sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_DOWN));
        editor.stepIds("root", List.of("read", "each"));
        editor.select("read");
        assertEquals("{{ message.token }}", browser.find("[data-input='token'] input").getAttribute("value"));
        assertTrue(editable("#inspector").isEmpty(), editable("#inspector").toString());
        browser.click("#tab-output");
        browser.find("#output-target");
        assertTrue(editable("#inspector").isEmpty(), editable("#inspector").toString());
        editor.select("each");
        browser.find("#for-each-items");
        assertTrue(editable("#inspector").isEmpty(), editable("#inspector").toString());
        browser.drag(editor.palette("session.get-userid"), browser.find("ol[data-container='each']"), 0.5);
        editor.stepIds("each", List.of());
        assertTrue(!browser.find("#read-only-note").getText().isEmpty());
        assertTrue(!browser.driver().findElement(By.id("unsaved")).isDisplayed());
        browser.screenshot("flow-editor-read-only");
    }

    @Test
    void aRefusedSaveShowsEveryProblemAtItsStepAndForgetsThoseThatNoLongerApply() {
        expect(201, host.post("/api/apps", """
                {"id": "broken", "name": "Broken", "flows": [{"id": "f", "name": "F",
                 "trigger": {"type": "REST", "method": "POST", "path": "/f", "auth": "JWT"},
                 "steps": [
                   {"id": "s1", "method": "session.set-parameters", "input": {"parameters": [
                     {"name": "a", "dataType": "STRING", "value": "x"}]}},
                   {"id": "s2", "method": "session.set-parameters", "input": {"parameters": [
                     {"name": "b", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.b }}"}]}},
                   {"id": "s3", "method": "session.get-parameters", "input": {"parameters": [{"name": "a"}]}}]}]}""",
                host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/broken");
        editor.select("s1");
        browser.click("[data-input='parameters'] [aria-label='Remove parameter 1']");
        editor.select("s3");
        browser.click("[data-input='parameters'] [aria-label='Remove parameter 1']");
        editor.select("s2");
        WebElement value = editor.cell("parameters", 0, "value", "input");
        value.sendKeys(Keys.chord(Keys.CONTROL, "a"), "{{ message.b");
        browser.click("#save");
        browser.waitFor(d -> d.findElements(By.cssSelector("#editor-banner li")).size() == 3);
        assertTrue(browser.find("#editor-banner").getText().startsWith("Not saved: 3 problems"));
        for (String step : List.of("s1", "s2", "s3")) {
            browser.find("li.has-error[data-step-id='" + step + "']");
        }
        browser.find("[data-flow-id='f'].has-error");
        browser.screenshot("save-refused-all");
        // the first problem's step is selected; each step shows its own next to its field
        browser.waitForText("#inspector [data-input='parameters'] > .field-error", "parameters");
        editor.select("s2");
        browser.waitForText("#inspector [data-row='0'] [data-cell='value'] .field-error", "never closed");
        editor.select("s3");
        browser.waitForText("#inspector [data-input='parameters'] > .field-error", "parameters");

        // a deleted step's problem goes, from the step, the banner and the count
        browser.click(browser.find("li[data-step-id='s3'] [data-action='delete']"));
        browser.waitFor(d -> d.findElements(By.cssSelector("#editor-banner li")).size() == 2);
        browser.click(browser.find("li[data-step-id='s1'] [data-action='delete']"));
        browser.waitFor(d -> d.findElements(By.cssSelector("#editor-banner li")).isEmpty());
        assertTrue(browser.find("#editor-banner").getText().startsWith("Not saved: Flow 'f', step 's2'"),
                browser.find("#editor-banner").getText());
        assertTrue(browser.all("li.has-error").stream().map(e -> e.getAttribute("data-step-id")).toList()
                .equals(List.of("s2")));
        editor.select("s2");
        editor.cell("parameters", 0, "value", "input").sendKeys(" }}");
        editor.saveAndWait();
        assertTrue(!browser.driver().findElement(By.id("editor-banner")).isDisplayed());
        assertTrue(browser.all("li.has-error, .flow-item.has-error").isEmpty());
    }

    @Test
    void undoAndRedoCoverEveryEditADeletedStepIncluded() throws Exception {
        expect(201, host.post("/api/apps", """
                {"id": "undo", "name": "Undo", "flows": [{"id": "f", "name": "F",
                 "trigger": {"type": "REST", "method": "POST", "path": "/f", "auth": "JWT"},
                 "steps": [{"id": "who", "method": "session.get-username", "input": {}},
                   {"id": "each", "type": "for-each", "items": "{{ message.items }}", "scoped": true, "steps": [
                     {"id": "inner", "method": "session.get-userid", "input": {}}]}]}]}""", host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/undo");
        editor.stepIds("root", List.of("who", "each"));
        assertTrue(!browser.find("#undo").isEnabled() && !browser.find("#redo").isEnabled());

        // a deleted step (with what it holds) comes back with the button, goes again with Ctrl+Shift+Z
        browser.click(browser.find("li[data-step-id='each'] > .step-card [data-action='delete']"));
        editor.stepIds("root", List.of("who"));
        browser.click("#undo");
        editor.stepIds("root", List.of("who", "each"));
        editor.stepIds("each", List.of("inner"));
        assertTrue(!browser.driver().findElement(By.id("unsaved")).isDisplayed(), "back to the saved flows");
        browser.find("body").sendKeys(Keys.chord(Keys.CONTROL, Keys.SHIFT, "z"));
        editor.stepIds("root", List.of("who"));
        browser.find("body").sendKeys(Keys.chord(Keys.CONTROL, "z"));
        editor.stepIds("root", List.of("who", "each"));

        // typing in a field is one change; a move, an added step and an inspector edit are one each
        browser.find("#flow-name").sendKeys("oo");
        editor.stepCard("who").sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_DOWN));
        editor.stepIds("root", List.of("each", "who"));
        editor.addWithMenu("get role");
        editor.stepIds("root", List.of("each", "who", "get-roleid"));
        browser.type("#step-id", "role" + Keys.TAB);
        editor.stepIds("root", List.of("each", "who", "role"));
        for (List<String> expected : List.of(List.of("each", "who", "get-roleid"), List.of("each", "who"),
                List.of("who", "each"))) {
            browser.find("body").sendKeys(Keys.chord(Keys.CONTROL, "z"));
            editor.stepIds("root", expected);
        }
        assertEquals("Foo", browser.find("#flow-name").getAttribute("value"));
        browser.find("body").sendKeys(Keys.chord(Keys.CONTROL, "z"));
        browser.waitFor(d -> "F".equals(d.findElement(By.id("flow-name")).getAttribute("value")));
        assertTrue(!browser.find("#undo").isEnabled());
        for (int i = 0; i < 4; i++) {
            browser.click("#redo");
        }
        editor.stepIds("root", List.of("each", "who", "role"));
        assertEquals("Foo", browser.find("#flow-name").getAttribute("value"));
        editor.saveAndWait();
        JsonNode flow = editor.savedFlow("undo");
        assertEquals("Foo", flow.path("name").asText());
        assertEquals(List.of("each", "who", "role"), TestHost.texts(flow.path("steps"), "id"));
    }

    /**
     * Tutorial 1 of docs/flows.md ("Sign in and keep a GLOBAL session across calls") built from an empty app as a
     * newcomer would: the first flow from the keyboard, the second from the palette (a drag, then its + button);
     * saved, it is the tutorial's file (docs/examples/sign-in-global.json), and its calls run from the test panel
     * answer what the tutorial says.
     */
    @Test
    void tutorialOneIsBuiltInTheBrowserFromAnEmptyAppAndAnswersAsTheDocsSay() throws Exception {
        Ui.signInAsAdmin(browser, host);
        editor.newAppOpened("Portal", "portal");
        browser.find("#add-flow");

        // "Save my preferences", from the keyboard: Session Management storing two message fields in GLOBAL
        browser.find("#add-flow").sendKeys(Keys.ENTER);
        browser.find("#flow-name").sendKeys(Keys.chord(Keys.CONTROL, "a"), "Save my preferences");
        browser.type("#flow-id", "save-preferences" + Keys.TAB);
        new Select(browser.find("#trigger-method")).selectByValue("PUT");
        browser.type("#trigger-path", "/me/preferences");
        editor.addWithMenu("session management");
        editor.stepIds("root", List.of("manage"));
        editor.renameSelected("store");
        new Select(browser.find("[data-input='operation'] select")).selectByValue("PUT_DATA");
        new Select(browser.find("[data-input='sessionType'] select")).selectByValue("GLOBAL");
        for (String name : List.of("theme", "language")) {
            browser.find("[data-add-row='fields']").sendKeys(Keys.ENTER);
            browser.driver().switchTo().activeElement().sendKeys(name);
        }

        // "Read my profile", by dragging: Session Management adds them back, Get Parameters reads who is calling
        browser.click("#add-flow");
        browser.find("#flow-name").sendKeys(Keys.chord(Keys.CONTROL, "a"), "Read my profile");
        browser.type("#flow-id", "read-profile" + Keys.TAB);
        new Select(browser.find("#trigger-method")).selectByValue("GET");
        browser.type("#trigger-path", "/me");
        browser.drag(editor.palette("session.manage"), browser.find("ol[data-container='root']"), 0.5);
        editor.stepIds("root", List.of("manage"));
        editor.renameSelected("load");
        new Select(browser.find("[data-input='operation'] select")).selectByValue("GET_DATA");
        new Select(browser.find("[data-input='sessionType'] select")).selectByValue("GLOBAL");
        for (String name : List.of("theme", "language")) {
            browser.click("[data-add-row='fields']");
            browser.driver().switchTo().activeElement().sendKeys(name);
        }
        // the palette's + adds after the selected step (load)
        browser.click(editor.palette("session.get-parameters").findElement(By.cssSelector(".add-button")));
        editor.stepIds("root", List.of("load", "get-parameters"));
        editor.renameSelected("who");
        new Select(browser.find("[data-input='scope'] select")).selectByValue("GLOBAL");
        editor.parameterNames(List.of("username", "roleId"));
        editor.writeOutputTo("user");
        editor.saveAndWait();

        editor.assertSavedAsExample("portal", "sign-in-global.json");
        editor.select("who");
        browser.click("#tab-output");
        browser.screenshot("tutorial-sign-in-global");

        // the tutorial's calls, from the test panel
        browser.click("[data-flow-id='save-preferences']");
        browser.click("#toggle-test");
        browser.find("#test-body").sendKeys(Keys.chord(Keys.CONTROL, "a"),
                "{\"theme\": \"dark\", \"language\": \"fr\"}");
        browser.click("#run-test");
        browser.waitForText("#test-status", "200");
        browser.click("[data-flow-id='read-profile']");
        browser.find("#test-body").sendKeys(Keys.chord(Keys.CONTROL, "a"), "{}");
        browser.click("#run-test");
        browser.waitForText("#test-response", "roleId");
        assertEquals("200", browser.find("#test-status").getText());
        assertEquals(JSON.readTree("{\"theme\": \"dark\", \"language\": \"fr\", "
                + "\"user\": {\"username\": \"admin\", \"roleId\": \"admin\"}}"),
                JSON.readTree(browser.find("#test-response").getText()));
        browser.js("document.querySelector('#test-response').scrollIntoView({block: 'center'})");
        browser.screenshot("tutorial-sign-in-global-run");
    }

    /**
     * Tutorial 3's flow with a For Each (Scoped, its results in "lines"), TOKEN expressions and an Update Parameters
     * step whose operation rows (append with Each element, increment) the descriptor's generic form renders, built in
     * the browser: saved, it is the tutorial's "add-items" flow; run from the test panel with a quantity "lots", it
     * is the 400 naming step "line" that the tutorial describes.
     */
    @Test
    void tutorialThreesForEachFlowIsBuiltInTheBrowserAndRefusesLotsAsTheDocsSay() throws Exception {
        expect(201, host.post("/api/apps", "{\"id\": \"basket\", \"name\": \"Anonymous shopping basket\"}",
                host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/basket");
        browser.click("#add-flow");
        browser.find("#flow-name").sendKeys(Keys.chord(Keys.CONTROL, "a"), "Add lines to the basket");
        browser.type("#flow-id", "add-items" + Keys.TAB);
        new Select(browser.find("#trigger-method")).selectByValue("POST");
        browser.type("#trigger-path", "/basket/items");
        new Select(browser.find("#trigger-auth")).selectByValue("NONE");

        editor.addWithMenu("for each");
        editor.renameSelected("check-lines");
        assertEquals("{{ message.items }}", browser.find("#for-each-items").getAttribute("value"));
        browser.click(browser.find("#inspector input[type='checkbox']"));
        browser.type("#step-target", "lines");
        browser.find("[data-add-to='check-lines']").sendKeys(Keys.ENTER);
        browser.find("#add-step-search").sendKeys("set param", Keys.ENTER);
        editor.stepIds("check-lines", List.of("set-parameters"));
        editor.renameSelected("line");
        editor.parameterRows(List.of(List.of("sku", "STRING", "EXPRESSION", "{{ item.sku }}"),
                List.of("quantity", "INTEGER", "EXPRESSION", "{{ item.quantity }}")));
        editor.writeOutputTo("checked");

        editor.select("check-lines");
        editor.addWithMenu("update param");
        editor.stepIds("root", List.of("check-lines", "update-parameters"));
        editor.renameSelected("add");
        editor.tokenFrom("{{ request.headers.x-basket-token }}");
        editor.appendEachRow(0, "items", "{{ message.items }}");
        browser.click("[data-add-row='operations']");
        new Select(editor.cell("operations", 1, "operation", "select")).selectByValue("increment");
        editor.cell("operations", 1, "name", "input").sendKeys("additions");
        new Select(editor.cell("operations", 1, "dataType", "select")).selectByValue("INTEGER");
        editor.cell("operations", 1, "value", "input").sendKeys("1");
        editor.writeOutputTo("basket");
        editor.saveAndWait();

        JsonNode example = JSON.readTree(java.nio.file.Path.of("..", "docs", "examples", "shopping-basket.json")
                .toFile()).path("flows").path(1);
        // with the plugins the host records, and the secret input (its token) the add step holds
        editor.asSaved(example);
        JsonNode saved = editor.savedFlow("basket");
        assertEquals(example, saved, saved.toPrettyString());

        browser.click("#toggle-test");
        browser.find("#test-body").sendKeys(Keys.chord(Keys.CONTROL, "a"),
                "{\"items\": [{\"sku\": \"tomato\", \"quantity\": \"lots\"}]}");
        browser.click("#run-test");
        browser.waitForText("#test-status", "400");
        String answer = browser.find("#test-response").getText();
        assertTrue(answer.contains("INVALID_INPUT") && answer.contains("'line'"), answer);
    }

    /**
     * Tutorial 2 of docs/flows.md ("A pizza-delivery tracker: a TOKEN session per delivery") built from an empty app:
     * some steps dragged from the palette, others added with the Add step menu, the forms filled as a user would
     * (token expressions with the {{ }} toggle, static and expression rows); saved, the app is the tutorial's file
     * (docs/examples/pizza-tracker.json), and the tutorial's calls, run from the test panel with the delivery's token
     * in a request header, answer what it says, down to the 404 once the delivery has ended.
     */
    @Test
    void tutorialTwoIsBuiltInTheBrowserFromAnEmptyAppAndAnswersAsTheDocsSay() throws Exception {
        Ui.signInAsAdmin(browser, host);
        editor.newAppOpened("Pizza delivery tracker", "pizza");

        // "Place an order": Start Session dragged in, its output into message.delivery; Set Parameters dragged below
        editor.newFlow("Place an order", "place-order", "POST", "/orders", "NONE");
        browser.drag(editor.palette("session.start"), browser.find("ol[data-container='root']"), 0.5);
        editor.stepIds("root", List.of("start"));
        editor.renameSelected("open-delivery");
        browser.type("[data-input='ttlSeconds'] input", "7200");
        editor.writeOutputTo("delivery");
        browser.drag(editor.palette("session.set-parameters"), editor.stepCard("open-delivery"), 0.9);
        editor.stepIds("root", List.of("open-delivery", "set-parameters"));
        editor.renameSelected("remember-order");
        editor.tokenFrom("{{ message.delivery.token }}");
        editor.parameterRows(List.of(List.of("pizza", "STRING", "EXPRESSION", "{{ message.pizza }}"),
                List.of("address", "STRING", "EXPRESSION", "{{ message.address }}"),
                List.of("status", "STRING", "STATIC", "BAKING")));

        // "The courier reports a position": from the Add step menu
        editor.newFlow("The courier reports a position", "courier-update", "POST", "/deliveries/position", "JWT");
        editor.addWithMenu("set param");
        editor.renameSelected("update");
        editor.tokenFrom("{{ request.headers.x-delivery-token }}");
        editor.parameterRows(List.of(List.of("status", "STRING", "STATIC", "ON_THE_WAY"),
                List.of("position", "OBJECT", "EXPRESSION", "{{ message.position }}"),
                List.of("courier", "STRING", "EXPRESSION", "{{ user.username }}")));

        // "Where is my pizza?": dragged; "Delivered": from the menu
        editor.newFlow("Where is my pizza?", "track", "GET", "/deliveries/current", "NONE");
        browser.drag(editor.palette("session.get-parameters"), browser.find("ol[data-container='root']"), 0.5);
        editor.stepIds("root", List.of("get-parameters"));
        editor.renameSelected("read");
        editor.tokenFrom("{{ request.headers.x-delivery-token }}");
        editor.parameterNames(List.of("pizza", "status", "position", "courier"));
        editor.writeOutputTo("delivery");
        editor.newFlow("Delivered: end the delivery's session", "delivered", "POST", "/deliveries/delivered", "JWT");
        // by id: the words "end session" also match Update Parameters ("append", "session"), which is listed first
        editor.addWithMenu("session.end");
        editor.renameSelected("end");
        editor.tokenFrom("{{ request.headers.x-delivery-token }}");
        editor.writeOutputTo("ended");
        editor.saveAndWait();

        editor.assertSavedAsExample("pizza", "pizza-tracker.json");
        browser.click("[data-flow-id='place-order']");
        editor.select("remember-order");
        browser.screenshot("tutorial-pizza-tracker");

        // the tutorial's calls from the test panel; the customer's token comes from a real order, as in the tutorial
        browser.click("#toggle-test");
        JsonNode order = editor.runTest("{\"pizza\": \"Margherita\", \"address\": \"1 Main Street\"}", "", 200);
        assertEquals("Margherita", order.path("pizza").asText());
        assertEquals("1 Main Street", order.path("address").asText());
        assertTrue(!order.path("delivery").path("token").asText().isEmpty(), order.toPrettyString());
        assertTrue(order.path("delivery").has("expiresAt"), order.toPrettyString());
        String token = json(expect(200, host.post("/run/pizza/orders",
                "{\"pizza\": \"Margherita\", \"address\": \"1 Main Street\"}", null)))
                .path("delivery").path("token").asText();
        String header = "X-Delivery-Token: " + token;
        browser.click("[data-flow-id='track']");
        assertEquals(JSON.readTree("{\"delivery\": {\"pizza\": \"Margherita\", \"status\": \"BAKING\"}}"),
                editor.runTest("{}", header, 200));
        browser.click("[data-flow-id='courier-update']");
        editor.runTest("{\"position\": {\"lat\": 45.76, \"lon\": 4.83}}", header, 200);
        browser.click("[data-flow-id='track']");
        assertEquals(JSON.readTree("{\"delivery\": {\"pizza\": \"Margherita\", \"status\": \"ON_THE_WAY\", "
                + "\"position\": {\"lat\": 45.76, \"lon\": 4.83}, \"courier\": \"admin\"}}"),
                editor.runTest("{}", header, 200));
        browser.js("document.querySelector('#test-response').scrollIntoView({block: 'center'})");
        browser.screenshot("tutorial-pizza-tracker-run");
        browser.click("[data-flow-id='delivered']");
        editor.runTest("{}", header, 200);
        browser.click("[data-flow-id='track']");
        JsonNode gone = editor.runTest("{}", header, 404);
        assertEquals("SESSION_NOT_FOUND", gone.path("error").path("code").asText(), gone.toPrettyString());
        assertEquals("read", gone.path("error").path("details").path("stepId").asText(), gone.toPrettyString());
    }

    /**
     * Tutorial 4 of docs/flows.md ("Shared settings in a SHARED session") built from an empty app with the keyboard
     * alone: every key goes to the focused element, focus moves with Tab, no element is clicked. Saved with Ctrl+S, the
     * app is docs/examples/shared-settings.json; run from the test panel, the settings are created once (a second
     * time is the documented 409), changed, and read back as the tutorial says.
     */
    @Test
    void tutorialFourIsBuiltWithTheKeyboardAloneAndAnswersAsTheDocsSay() throws Exception {
        expect(201, host.post("/api/apps", "{\"id\": \"settings\", \"name\": \"Shop settings\"}",
                host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/settings");
        browser.find("#add-flow");

        keyboardFlow("Create the settings session (once)", "create-settings", null, "/settings/init", null);
        keyboardStep("start session", "start");
        tabTo("[data-input='name'] input");
        press("shop-settings");
        keyboardOutputTo("created");

        keyboardFlow("Change the settings", "change-settings", "PUT", "/settings", null);
        keyboardStep("set param", "store");
        keyboardSharedSession();
        keyboardRow(0, "currency", "S", "{{ message.currency }}");
        keyboardRow(1, "freeShippingOver", "N", "{{ message.freeShippingOver }}");

        keyboardFlow("Read the settings", "read-settings", "GET", "/settings", "Anonymous");
        keyboardStep("get param", "load");
        keyboardSharedSession();
        for (String name : List.of("currency", "freeShippingOver")) {
            tabTo("[data-add-row='parameters']");
            press(Keys.ENTER);
            press(name);
        }
        keyboardOutputTo("settings");
        control("s");
        browser.waitFor(d -> !d.findElement(By.id("unsaved")).isDisplayed());

        editor.assertSavedAsExample("settings", "shared-settings.json");
        browser.click("[data-flow-id='change-settings']");
        editor.select("store");
        browser.click("#tab-input");
        browser.find("[data-input='sessionName'] input");
        browser.screenshot("tutorial-shared-settings");

        browser.click("[data-flow-id='create-settings']");
        browser.click("#toggle-test");
        JsonNode created = editor.runTest("{}", "", 200);
        assertTrue(created.path("created").has("expiresAt"), created.toPrettyString());
        JsonNode again = editor.runTest("{}", "", 409);
        assertEquals("SESSION_NAME_TAKEN", again.path("error").path("code").asText(), again.toPrettyString());
        browser.click("[data-flow-id='change-settings']");
        editor.runTest("{\"currency\": \"EUR\", \"freeShippingOver\": 50}", "", 200);
        browser.click("[data-flow-id='read-settings']");
        assertEquals(JSON.readTree("{\"settings\": {\"currency\": \"EUR\", \"freeShippingOver\": 50}}"),
                editor.runTest("{}", "", 200));
        browser.js("document.querySelector('#test-response').scrollIntoView({block: 'center'})");
        browser.screenshot("tutorial-shared-settings-run");
    }

    /** Presses keys on whatever has the focus, as a keyboard does: no element is clicked or focused by the test. */
    private static void press(CharSequence... keys) {
        new Actions(browser.driver()).sendKeys(keys).perform();
    }

    /** Presses Ctrl with a key on whatever has the focus (Ctrl+S saves, Ctrl+A selects a field's text). */
    private static void control(String key) {
        new Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys(key).keyUp(Keys.CONTROL).perform();
    }

    /** Selects the focused field's text (Ctrl+A) and types over it. */
    private static void replaceFocused(CharSequence... keys) {
        control("a");
        press(keys);
    }

    /** Presses Tab until the focus is on an element matching css: it is reachable from the keyboard, in order. */
    private static void tabTo(String css) {
        for (int presses = 0; presses < 300; presses++) {
            if (Boolean.TRUE.equals(browser.js("return document.activeElement?.matches(arguments[0]) === true", css))) {
                return;
            }
            press(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + css);
    }

    /** From the keyboard: "+ Add flow", its name, id, method, path and authentication (null: as a new flow has it). */
    private static void keyboardFlow(String name, String id, String method, String path, String auth) {
        tabTo("#add-flow");
        press(Keys.ENTER);
        tabTo("#flow-name");
        replaceFocused(name);
        tabTo("#flow-id");
        replaceFocused(id, Keys.TAB);
        browser.find("[data-flow-id='" + id + "']");
        if (method != null) {
            tabTo("#trigger-method");
            press(method); // type-ahead picks the option
            browser.waitFor(d -> method.equals(d.findElement(By.id("trigger-method")).getAttribute("value")));
        }
        tabTo("#trigger-path");
        replaceFocused(path);
        if (auth != null) {
            tabTo("#trigger-auth");
            press(auth);
        }
    }

    /** From the keyboard: "+ Add step", a search, Enter; then the new step's id. */
    private static void keyboardStep(String search, String stepId) {
        tabTo("#add-step");
        press(Keys.ENTER);
        browser.find("#add-step-search");
        press(search, Keys.ENTER);
        browser.waitFor(d -> d.findElements(By.cssSelector("#add-step-dialog")).isEmpty());
        tabTo("#step-id");
        replaceFocused(stepId, Keys.TAB);
        browser.find("li.selected[data-step-id='" + stepId + "']");
    }

    /** From the keyboard, on the selected step: scope SHARED, the session "shop-settings". */
    private static void keyboardSharedSession() {
        tabTo("[data-input='scope'] select");
        press("SH");
        tabTo("[data-input='sessionName'] input");
        press("shop-settings");
    }

    /** From the keyboard: a Set Parameters row with an expression value (data type by its first letter). */
    private static void keyboardRow(int row, String name, String typeLetter, String expression) {
        tabTo("[data-add-row='parameters']");
        press(Keys.ENTER);
        press(name, Keys.TAB, typeLetter, Keys.TAB, "E");
        tabTo("[data-row='" + row + "'] [data-cell='value'] input");
        press(expression, Keys.ESCAPE);
    }

    /** From the keyboard: the Output Configuration tab (→ from the Input tab), "Write into the message", its field. */
    private static void keyboardOutputTo(String target) {
        tabTo("#tab-input");
        press(Keys.ARROW_RIGHT);
        tabTo("#output-write");
        press(Keys.SPACE);
        tabTo("#output-target");
        press(target);
    }

    /** @return the enabled form controls and visible buttons (tabs aside) under a selector */
    private static List<String> editable(String css) {
        return browser.all(css + " input, " + css + " select, " + css + " textarea, "
                        + css + " button:not([role='tab'])").stream().filter(e -> e.isDisplayed() && e.isEnabled())
                .map(e -> e.getTagName() + "#" + e.getAttribute("id") + "." + e.getAttribute("class")).toList();
    }

    private static void action(String stepId, String action) {
        browser.find("li[data-step-id='" + stepId + "'] > .step-card [data-action='" + action + "']").sendKeys(Keys.ENTER);
    }

    /**
     * On the selected Set Parameters step, adds a row from the keyboard: Enter on "+ Add parameter", the name typed
     * into the focused name field, Tab to the data type (chosen by typing its first letter), Tab past the value type to the value.
     * Leaves the focus on the value's control.
     */
    private static void addRowByKeyboard(String name, String dataType, String value) {
        browser.find("[data-add-row='parameters']").sendKeys(Keys.ENTER);
        var focused = browser.driver().switchTo();
        focused.activeElement().sendKeys(name, Keys.TAB);
        focused.activeElement().sendKeys(dataType.substring(0, 1)); // type-ahead: the first letter picks it
        assertEquals("dataType", focusedCell());
        assertEquals(dataType, focused.activeElement().getAttribute("value"));
        focused.activeElement().sendKeys(Keys.TAB);
        focused.activeElement().sendKeys(Keys.TAB);
        assertEquals("value", focusedCell());
        if (value != null) {
            focused.activeElement().sendKeys(value);
        }
    }

    /** @return the field of the parameter row cell holding the focus, or null */
    private static Object focusedCell() {
        return browser.js("return document.activeElement.closest('[data-cell]')?.dataset.cell ?? null");
    }

}
