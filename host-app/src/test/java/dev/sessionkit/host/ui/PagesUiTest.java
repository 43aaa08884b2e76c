package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sessionkit.host.TestHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Every page of the web UI, in the states a user sees it (the flow editor with a step's Input and Output
 * Configuration, the Add step menu, the test panel after a run; the marketplace with a plugin's releases; the
 * sessions with one inspected),
 * at 1024×768, 1280×800 and 1920×1080: axe-core finds no serious or critical accessibility violation, no text is cut
 * off (measured by element widths), and only the page and the inspector scroll.
 */
class PagesUiTest {
    private static final List<int[]> SIZES = List.of(new int[] {1024, 768}, new int[] {1280, 800},
            new int[] {1920, 1080});
    /** What may scroll on its own: the inspector, and lists inside a dialog or a completion list. */
    private static final String OWN_SCROLLERS = "#inspector, dialog .menu-groups, .completions";

    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass();
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();

    @Test
    void everyPageIsAccessibleAndFitsAtThreeSizes() {
        expect(201, host.post("/api/apps", Ui.SHOP_APP, host.adminToken()));
        expect(201, host.post("/api/apps", "{\"id\": \"empty\", \"name\": \"An app without flows\"}",
                host.adminToken()));
        Map<String, List<String>> problems = new LinkedHashMap<>();
        try {
            for (int[] size : SIZES) {
                browser.size(size[0], size[1]);
                String at = size[0] + "x" + size[1];
                browser.open(Ui.url(host));
                browser.js("sessionStorage.clear(); location.hash = '#/apps'; location.reload()");
                browser.find("#username");
                check(problems, "sign-in", at);
                Ui.signInAsAdmin(browser, host);
                browser.find("#app-list [data-app-id='shop']");
                check(problems, "apps", at);

                visit("#/apps/empty", "#add-flow");
                check(problems, "editor-no-flows", at);

                visit("#/apps/shop", "li[data-step-id='read'] .step-title");
                browser.click("li[data-step-id='read'] .step-title");
                browser.find("#inspector [data-input='parameters']");
                // a choice among values (the scope) has no data-type badge; a free value (the parameters) has one
                assertEquals(List.of(), browser.all("#inspector [data-input='scope'] .type-chip"));
                browser.find("#inspector [data-input='parameters'] .type-chip");
                check(problems, "editor-input", at);
                browser.click("#tab-output");
                browser.find("#output-target");
                check(problems, "editor-output", at);
                browser.find("#add-step").sendKeys(Keys.ENTER);
                browser.find("#add-step-search");
                check(problems, "add-step-menu", at);
                browser.find("#add-step-search").sendKeys(Keys.ESCAPE);
                browser.waitFor(d -> d.findElements(By.cssSelector("#add-step-dialog")).isEmpty());
                browser.click("#toggle-test");
                browser.find("#test-body").sendKeys(Keys.chord(Keys.CONTROL, "a"), "{\"sku\": \"A-1\"}");
                browser.click("#run-test");
                browser.waitForText("#test-status", "200");
                check(problems, "test-panel", at);

                visit("#/marketplace", "#installed-plugins .plugin-card .releases summary");
                browser.click("#installed-plugins .plugin-card .releases summary");
                browser.find("#installed-plugins .plugin-card .release-list");
                check(problems, "marketplace", at);

                visit("#/sessions/empty", "#sessions-table .empty");
                check(problems, "sessions-none", at);

                visit("#/sessions/shop", "#sessions-table tbody tr [data-action='inspect']");
                browser.click("#sessions-table tbody tr [data-action='inspect']");
                browser.find(".session-detail");
                check(problems, "sessions", at);
            }
        } finally {
            browser.size(1280, 900);
        }
        assertEquals(Map.of(), problems, "pages with accessibility or layout problems");
    }

    /** Opens a page of the UI at its address and waits for an element of it. */
    private static void visit(String hash, String css) {
        browser.open(Ui.url(host) + hash);
        browser.find(css);
    }

    /** Records the page's axe-core violations and layout problems, and takes its screenshot. */
    private static void check(Map<String, List<String>> problems, String page, String size) {
        browser.screenshot("page-" + page + "-" + size);
        List<String> found = new ArrayList<>(browser.layoutProblems(OWN_SCROLLERS));
        found.addAll(browser.accessibilityViolations());
        if (!found.isEmpty()) {
            problems.put(page + " at " + size, found);
        }
    }
}
