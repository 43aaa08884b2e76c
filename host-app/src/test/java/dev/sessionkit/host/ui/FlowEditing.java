package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The flow editor's edits as a user makes them in the browser (new app, new flow, palette, Add step menu, inspector
 * forms, Output Configuration, save, test panel), and the checks of what the host saved, shared by the browser tests
 * that build flows ({@link FlowEditorUiTest} builds tutorials 1 to 4 of docs/flows.md, {@link AuthPluginUiTest}
 * tutorial 5). Every action waits for the page through {@link Browser}'s waiting finders; nothing sleeps.
 */
final class FlowEditing {
    private static final ObjectMapper JSON = Json.newMapper();

    private final Browser browser;
    private final TestHost host;

    /** @param browser the test class's browser @param host the host it shows, read through its API as the admin */
    FlowEditing(Browser browser, TestHost host) {
        this.browser = browser;
        this.host = host;
    }

    /** From the apps page: "New app" with a name and an id, then the new app opened in the flow editor. */
    void newAppOpened(String name, String id) {
        browser.click("#new-app");
        browser.type("#app-name", name);
        browser.type("#app-id", id);
        browser.click("#app-dialog-submit");
        browser.click("#app-list [data-app-id='" + id + "'] .app-open");
    }

    /** Adds a flow with "+ Add flow" and fills its settings (auth: JWT or NONE). */
    void newFlow(String name, String id, String method, String path, String auth) {
        browser.js("arguments[0].scrollIntoView({block: 'center'})", browser.find("#add-flow"));
        browser.click("#add-flow");
        browser.find("#flow-name").sendKeys(Keys.chord(Keys.CONTROL, "a"), name);
        browser.type("#flow-id", id + Keys.TAB);
        browser.find("[data-flow-id='" + id + "']");
        new Select(browser.find("#trigger-method")).selectByValue(method);
        browser.type("#trigger-path", path);
        new Select(browser.find("#trigger-auth")).selectByValue(auth);
    }

    /** The palette item of a method or core step, found as a user does on a long palette: by its search box. */
    WebElement palette(String methodOrType) {
        browser.type("#palette-search", methodOrType);
        String attribute = methodOrType.contains(".") ? "data-method" : "data-type";
        return browser.find("#palette .palette-item[" + attribute + "='" + methodOrType + "']");
    }

    /** @param stepId a step of the flow shown @return its card, what a drag starts from or drops onto */
    WebElement stepCard(String stepId) {
        return browser.find("li[data-step-id='" + stepId + "'] > .step-card");
    }

    /** Selects a step by clicking its title (the card's middle may hold its buttons). */
    void select(String stepId) {
        browser.click(browser.find("li[data-step-id='" + stepId + "'] > .step-card .step-title"));
        browser.find("li.selected[data-step-id='" + stepId + "']");
    }

    /** Gives the selected step a new id in the inspector, and waits for the flow to show it. */
    void renameSelected(String id) {
        browser.type("#step-id", id + Keys.TAB);
        browser.find("li.selected[data-step-id='" + id + "']");
    }

    /** "+ Add step" from the keyboard, a search, Enter: the best match goes after the selected step. */
    void addWithMenu(String search) {
        browser.find("#add-step").sendKeys(Keys.ENTER);
        browser.find("#add-step-search").sendKeys(search, Keys.ENTER);
        browser.waitFor(d -> d.findElements(By.cssSelector("#add-step-dialog")).isEmpty());
    }

    /** Waits until a container holds exactly these step ids, in order. */
    void stepIds(String container, List<String> expected) {
        String css = "ol[data-container='" + container + "'] > li.step";
        try {
            browser.waitFor(d -> d.findElements(By.cssSelector(css)).stream()
                    .map(e -> e.getAttribute("data-step-id")).toList().equals(expected));
        } catch (RuntimeException e) {
            throw new AssertionError("Container " + container + " holds " + browser.all(css).stream()
                    .map(el -> el.getAttribute("data-step-id")).toList() + ", expected " + expected, e);
        }
    }

    /**
     * @param list    a row list of the selected step's form ("parameters", "operations")
     * @param row     a row, from 0
     * @param field   a field of the row ("name", "dataType", "value"...)
     * @param control the control's selector in the cell ("input", "select")
     * @return that control
     */
    WebElement cell(String list, int row, String field, String control) {
        return browser.find("[data-list='" + list + "'] [data-row='" + row + "'] [data-cell='" + field + "'] "
                + control);
    }

    /**
     * On the selected step: an input's value made an expression with its {{ }} toggle, then typed over (the toggle
     * starts from the message field of the input's name).
     */
    void expression(String inputId, String template) {
        browser.click("[data-value-type='" + inputId + "']");
        browser.find("[data-value-type='" + inputId + "'][aria-pressed='true']");
        browser.find("[data-input='" + inputId + "'] input").sendKeys(Keys.chord(Keys.CONTROL, "a"), template,
                Keys.ESCAPE);
    }

    /** On the selected step: scope TOKEN, its token an expression. */
    void tokenFrom(String expression) {
        new Select(browser.find("[data-input='scope'] select")).selectByValue("TOKEN");
        expression("token", expression);
    }

    /** On the selected Set Parameters step: rows of name, data type, value type and value. */
    void parameterRows(List<List<String>> rows) {
        for (int row = 0; row < rows.size(); row++) {
            List<String> r = rows.get(row);
            browser.click("[data-add-row='parameters']");
            cell("parameters", row, "name", "input").sendKeys(r.get(0));
            new Select(cell("parameters", row, "dataType", "select")).selectByValue(r.get(1));
            new Select(cell("parameters", row, "valueType", "select")).selectByValue(r.get(2));
            cell("parameters", row, "value", "input").sendKeys(r.get(3), Keys.ESCAPE);
        }
    }

    /**
     * On the selected Update Parameters step: a new operation row appending each element of an ARRAY expression to a
     * parameter (operation append, Each element ticked).
     *
     * @param row        the row's index (the rows before it exist)
     * @param name       the parameter
     * @param expression the ARRAY expression
     */
    void appendEachRow(int row, String name, String expression) {
        browser.click("[data-add-row='operations']");
        new Select(cell("operations", row, "operation", "select")).selectByValue("append");
        cell("operations", row, "name", "input").sendKeys(name);
        new Select(cell("operations", row, "dataType", "select")).selectByValue("ARRAY");
        new Select(cell("operations", row, "valueType", "select")).selectByValue("EXPRESSION");
        cell("operations", row, "value", "input").sendKeys(expression, Keys.ESCAPE);
        browser.click(cell("operations", row, "each", "input[type='checkbox']"));
    }

    /** On the selected Get Parameters step: one row per parameter name to read. */
    void parameterNames(List<String> names) {
        for (int row = 0; row < names.size(); row++) {
            browser.click("[data-add-row='parameters']");
            cell("parameters", row, "name", "input").sendKeys(names.get(row));
        }
    }

    /** On the selected step: its output written into the message at a field. */
    void writeOutputTo(String target) {
        browser.click("#tab-output");
        browser.click("#output-write");
        browser.type("#output-target", target);
        browser.click("#tab-input");
    }

    /** On the selected step: its output stored as a variable of a session (LOCAL or GLOBAL). */
    void storeOutputIn(String scope, String name) {
        browser.click("#tab-output");
        browser.click("#output-store");
        new Select(browser.find("#output-scope")).selectByValue(scope);
        browser.type("#output-name", name);
        browser.click("#tab-input");
    }

    /** Saves with the button and waits until the host has taken the save. */
    void saveAndWait() {
        browser.click("#save");
        try {
            browser.waitFor(d -> !d.findElement(By.id("unsaved")).isDisplayed());
        } catch (RuntimeException e) {
            browser.screenshot("save-not-taken");
            throw new AssertionError("The save was not taken; the page shows: "
                    + browser.find("#root").getText(), e);
        }
    }

    /** @param appId an app @return its first flow, as the host has it */
    JsonNode savedFlow(String appId) {
        return json(host.get("/api/apps/" + appId, host.adminToken())).path("flows").path(0);
    }

    /**
     * In the open test panel, runs the selected flow as a test user rather than as the signed-in admin: "Run as"
     * test user, the user chosen in the list (kept for this flow until changed).
     */
    void runAsTestUser(String username) {
        browser.click("#test-panel input[name='run-as'][value='other']");
        String value = browser.waitFor(d -> new Select(d.findElement(By.id("test-user"))).getOptions().stream()
                .filter(o -> o.getText().startsWith(username + " (")).map(o -> o.getAttribute("value"))
                .findFirst().orElse(null));
        new Select(browser.find("#test-user")).selectByValue(value);
    }

    /** Runs the selected flow from the open test panel; @return its response, once the status is the one expected */
    JsonNode runTest(String body, String headers, int status) throws Exception {
        browser.find("#test-body").sendKeys(Keys.chord(Keys.CONTROL, "a"), body);
        WebElement headerField = browser.find("#test-headers");
        headerField.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        headerField.sendKeys(headers);
        browser.js("const r = document.querySelector('#test-result'); if (r) r.replaceChildren()");
        browser.click("#run-test");
        browser.find("#test-status");
        assertEquals(String.valueOf(status), browser.find("#test-status").getText(),
                browser.find("#test-response").getText());
        return JSON.readTree(browser.find("#test-response").getText());
    }

    /**
     * The app as saved is the docs' example file, with what the host adds on save (see {@link #asSaved}) and the
     * one field the editor always writes: every method step it adds has an Input Configuration, {@code "input": {}}
     * for a method that takes none (Sign Out), where an example leaves {@code input} out (the host reads an absent
     * {@code input} as {@code {}}).
     */
    void assertSavedAsExample(String appId, String file) throws Exception {
        JsonNode example = JSON.readTree(Path.of("..", "docs", "examples", file).toFile());
        for (JsonNode flow : example.path("flows")) {
            asSaved(flow);
            withInputConfiguration(flow.path("steps"));
        }
        JsonNode saved = json(host.get("/api/apps/" + appId, host.adminToken()));
        assertEquals(example.path("name"), saved.path("name"));
        assertEquals(example.path("flows"), saved.path("flows"), saved.path("flows").toPrettyString());
    }

    /**
     * A flow (or a For Each step) as the host saves it: each method step, nested ones included, records the plugin
     * of its method in {@code "plugin"}, and in {@code "secretInputs"} those of its method's secret inputs that hold
     * a value (a session token, a password), both as the installed plugins' descriptors
     * ({@code GET /api/plugins}) declare them.
     *
     * @param flow a flow or a step holding steps, modified
     * @return flow
     */
    JsonNode asSaved(JsonNode flow) {
        Map<String, String> pluginOf = new HashMap<>();
        Map<String, List<String>> secretsOf = new HashMap<>();
        for (JsonNode plugin : json(host.get("/api/plugins", host.adminToken()))) {
            for (JsonNode method : plugin.path("methods")) {
                pluginOf.put(method.path("id").asText(), plugin.path("id").asText());
                List<String> secrets = new ArrayList<>();
                for (JsonNode input : method.path("inputs")) {
                    if (input.path("secret").asBoolean()) {
                        secrets.add(input.path("id").asText());
                    }
                }
                secretsOf.put(method.path("id").asText(), secrets);
            }
        }
        addRecorded(flow.path("steps"), pluginOf, secretsOf);
        return flow;
    }

    /** Gives each method step, nested ones included, that has no {@code input} an empty one, as the editor does. */
    private static void withInputConfiguration(JsonNode steps) {
        for (JsonNode step : steps) {
            withInputConfiguration(step.path("steps"));
            for (JsonNode branch : step.path("branches")) {
                withInputConfiguration(branch.path("steps"));
            }
            if (step.has("method") && !step.has("input")) {
                ((ObjectNode) step).putObject("input");
            }
        }
    }

    private static void addRecorded(JsonNode steps, Map<String, String> pluginOf, Map<String, List<String>> secretsOf) {
        for (JsonNode step : steps) {
            addRecorded(step.path("steps"), pluginOf, secretsOf);
            for (JsonNode branch : step.path("branches")) {
                addRecorded(branch.path("steps"), pluginOf, secretsOf);
            }
            if (!step.has("method")) {
                continue;
            }
            String method = step.path("method").asText();
            ((ObjectNode) step).put("plugin", pluginOf.get(method));
            List<String> held = secretsOf.getOrDefault(method, List.of()).stream()
                    .filter(id -> step.path("input").hasNonNull(id)).toList();
            if (!held.isEmpty()) {
                held.forEach(((ObjectNode) step).putArray("secretInputs")::add);
            }
        }
    }
}
