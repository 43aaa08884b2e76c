package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.marketplace.MarketplaceHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The marketplace page over a host whose marketplace also offers the test fixtures' repository: each plugin's
 * releases (date, requires, checksum); install a chosen release, update to a chosen release, disable and uninstall
 * (each listing the flows that use the plugin and asking first), enable, watched from a flow editor open in another tab (whose palette
 * re-reads the plugins when its tab becomes visible again); refused installs show the server's message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketplaceUiTest {
    private static final Path REPOSITORY = temporaryFolder();
    @RegisterExtension
    @Order(1)
    static final TestHost host = TestHost.perClass(config ->
            config.pluginRepositories = MarketplaceHost.standardRepositories(REPOSITORY));
    @RegisterExtension
    @Order(2)
    static final Browser browser = new Browser();

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("sessionkit-ui-repository-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void deleteRepository() throws IOException {
        try (Stream<Path> files = Files.walk(REPOSITORY)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String card(String section, String pluginId) {
        return "#" + section + "-plugins [data-plugin-id='" + pluginId + "']";
    }

    /** Clicks a card's action button, first scrolled to the middle (the sticky top bar covers the top). */
    private static void act(String card, String action) {
        String button = card + " [data-action='" + action + "']";
        browser.js("arguments[0].scrollIntoView({block: 'center'})", browser.find(button));
        browser.click(button);
    }

    private static boolean inPalette(String methodId) {
        return !browser.all("#palette .palette-item[data-method='" + methodId + "']").isEmpty();
    }

    @Test
    @Order(1)
    void installUpdateDisableEnableAndUninstallReachTheFlowEditorsPaletteInAnotherTab() {
        expect(201, host.post("/api/apps", """
                {"id": "shop", "name": "Shop", "flows": [
                  {"id": "echo", "name": "Echo", "trigger": {"method": "POST", "path": "/echo", "auth": "NONE"},
                   "steps": [{"id": "first", "method": "test.echo", "plugin": "hello-plugin"}]}]}""",
                host.adminToken()));
        Ui.signInAsAdmin(browser, host);
        browser.open(Ui.url(host) + "#/apps/shop/flows/echo");
        browser.find("#palette .palette-item[data-method='session.get-parameters']");
        assertTrue(!inPalette("test.echo"));
        String editorTab = browser.driver().getWindowHandle();
        // a second tab opened by the page shares its sign-in (sessionStorage is copied to it)
        browser.js("window.open(location.origin + '/#/marketplace', '_blank')");
        browser.waitFor(d -> d.getWindowHandles().size() == 2);
        String marketTab = browser.driver().getWindowHandles().stream().filter(h -> !h.equals(editorTab))
                .findFirst().orElseThrow();
        browser.driver().switchTo().window(marketTab);

        // the offer: both releases, the newest chosen; install the older one
        String hello = card("available", "hello-plugin");
        assertTrue(browser.find(hello).getText().contains("compatible"));
        Select version = new Select(browser.find(hello + " select"));
        assertEquals(List.of("v2.0.0 · 2026-01-15", "v1.0.0 · 2026-01-15"),
                version.getOptions().stream().map(o -> o.getText()).toList());
        assertEquals("2.0.0", version.getFirstSelectedOption().getAttribute("value"));
        // each release with its date, the host versions it requires and its checksum, under "Releases"
        browser.click(hello + " .releases summary");
        String release = browser.find(hello + " .release-list li[data-version='1.0.0']").getText();
        assertTrue(release.contains("2026-01-15") && release.contains(">=0.1.0"), release);
        String checksum = browser.find(hello + " li[data-version='1.0.0'] .checksum").getAttribute("title");
        assertTrue(checksum.matches("[0-9a-f]{128}"), checksum);
        assertTrue(browser.find(hello + " .releases summary").getText().contains("by Tests"),
                browser.find(hello + " .releases summary").getText());
        browser.screenshot("marketplace-releases");
        version.selectByValue("1.0.0");
        // one click makes the button busy and disables the card's buttons, so a second click sends nothing
        @SuppressWarnings("unchecked")
        List<Object> busy = (List<Object>) browser.js("const b = document.querySelector(arguments[0]);"
                + "b.click(); const state = [b.disabled, b.getAttribute('aria-busy'), b.textContent]; b.click();"
                + "return state;", hello + " [data-action='install']");
        assertEquals(List.of(true, "true", "Installing…"), busy);
        String installed = card("installed", "hello-plugin");
        browser.withText(installed, "v1.0.0");
        String text = browser.find(installed).getText();
        assertTrue(text.contains("started") && text.contains("update 2.0.0") && text.contains("test.echo"), text);
        assertTrue(browser.all(card("available", "hello-plugin")).isEmpty());
        assertTrue(browser.all(installed + " .form-error").isEmpty(), "a second install was sent");
        assertEquals("1.0.0", MarketplaceHost.plugin(host, "hello-plugin").orElseThrow().path("version").asText());
        browser.js("window.scrollTo(0, 0)");
        browser.screenshot("marketplace");

        // coming back to the editor's tab, its palette has the new method
        browser.driver().switchTo().window(editorTab);
        browser.waitFor(d -> inPalette("test.echo"));
        assertTrue(!inPalette("test.block"));

        browser.driver().switchTo().window(marketTab);
        // a plugin's description says what it does, without internal ids
        String description = browser.find(card("installed", "session-plugin") + " .plugin-description").getText();
        assertTrue(!description.contains("session-plugin") && !description.contains("PF4J"), description);
        new Select(browser.find(installed + " select")).selectByValue("2.0.0");
        act(installed, "update");
        browser.withText(installed, "v2.0.0");
        browser.waitFor(d -> !d.findElement(By.cssSelector(installed)).getText().contains("update 2.0.0"));
        browser.driver().switchTo().window(editorTab);
        browser.waitFor(d -> inPalette("test.block"));

        browser.driver().switchTo().window(marketTab);
        // disabling first lists the flows that use the plugin, and asks
        act(installed, "disable");
        String asked = browser.withText("dialog[open]", "Disable Fixture hello-plugin?").getText();
        assertTrue(asked.contains("shop / Echo") && asked.contains("first") && asked.contains("until it is enabled"),
                asked);
        browser.screenshot("marketplace-disable-asks");
        browser.click("dialog[open] [data-choice='true']");
        browser.find(installed + " [data-state='DISABLED']");
        browser.find(installed + " [data-action='enable']");
        browser.driver().switchTo().window(editorTab);
        browser.waitFor(d -> !inPalette("test.echo") && !inPalette("test.block"));
        browser.withText("#palette .notice", "is disabled");
        // a step of the disabled plugin says so (not "missing"), and how to bring it back
        browser.withText("li[data-step-id='first'] .badge-error", "plugin disabled");
        browser.click(browser.find("li[data-step-id='first'] .step-title"));
        browser.withText("#inspector .notice-error", "is installed but disabled");

        browser.driver().switchTo().window(marketTab);
        act(installed, "enable");
        browser.find(installed + " [data-state='STARTED']");
        browser.driver().switchTo().window(editorTab);
        browser.waitFor(d -> inPalette("test.echo") && inPalette("test.block"));
        browser.waitFor(d -> d.findElements(By.cssSelector("li[data-step-id='first'] .badge-error")).isEmpty());

        // uninstall: the flows that use it listed and asked first (cancel keeps it)
        browser.driver().switchTo().window(marketTab);
        act(installed, "uninstall");
        String affected = browser.withText("dialog[open]", "Uninstall Fixture hello-plugin?").getText();
        assertTrue(affected.contains("shop / Echo") && affected.contains("first") && affected.contains("test.echo")
                && affected.contains("until it is installed again"), affected);
        browser.screenshot("marketplace-uninstall-asks");
        browser.click("dialog[open] [data-choice='false']");
        browser.waitFor(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        assertTrue(MarketplaceHost.plugin(host, "hello-plugin").isPresent());
        act(installed, "uninstall");
        browser.click("dialog[open] [data-choice='true']");
        browser.find(card("available", "hello-plugin"));
        assertTrue(browser.all(installed).isEmpty());
        assertTrue(MarketplaceHost.plugin(host, "hello-plugin").isEmpty());
        browser.driver().switchTo().window(editorTab);
        browser.waitFor(d -> !inPalette("test.echo") && !inPalette("test.block"));

        browser.driver().switchTo().window(marketTab);
        browser.driver().close();
        browser.driver().switchTo().window(editorTab);
    }

    @Test
    @Order(2)
    void aRefusedInstallShowsTheServersMessageAndAnIncompatiblePluginSaysWhy() {
        Ui.signInAsAdmin(browser, host);
        browser.click("a.nav-link[href='#/marketplace']");
        String tampered = card("available", "tampered-plugin");
        act(tampered, "install");
        String status = browser.find(tampered + " .plugin-status.form-error").getText();
        // the same refusal, asked of the REST API (a refused install changes nothing, so it can be asked again)
        JsonNode refusal = json(host.post("/api/marketplace/tampered-plugin/install", "", host.adminToken()));
        assertEquals("CHECKSUM_MISMATCH", refusal.path("error").path("code").asText());
        assertTrue(status.contains(refusal.path("error").path("message").asText())
                && status.contains("HTTP 422 CHECKSUM_MISMATCH"), status);
        assertTrue(browser.find(tampered + " [data-action='install']").isEnabled(), "the card stays usable");
        assertTrue(MarketplaceHost.plugin(host, "tampered-plugin").isEmpty());

        String future = card("available", "future-plugin");
        String text = browser.find(future).getText();
        assertTrue(text.contains("incompatible") && text.contains(">=99.0.0"), text);
        assertTrue(!browser.find(future + " [data-action='install']").isEnabled());
        String unsigned = browser.find(card("available", "unsigned-plugin")).getText();
        assertTrue(unsigned.contains("sha512sum"), unsigned);

        browser.js("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", tampered);
        browser.screenshot("marketplace-refused");
        browser.width(1024);
        browser.screenshot("marketplace-1024");
        browser.width(1280);
    }
}
