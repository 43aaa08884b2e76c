package dev.sessionkit.host.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One real headless Chromium for the tests of one class ({@code @RegisterExtension static final Browser browser =
 * new Browser();}), driven by Selenium's Chrome driver, with helpers to wait, drag (SortableJS runs in its pointer
 * "fallback" mode, so Selenium's pointer actions drive it) and take screenshots.
 *
 * <p>Chromium and its driver are Debian's {@code chromium} and {@code chromium-driver} (same version), found at
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} or at the system properties {@code sessionkit.chromium}
 * and {@code sessionkit.chromedriver}. When either is missing the tests FAIL, saying how to install them
 * ({@code web-ui/src/test/install-browser.sh}); they never skip.
 *
 * <p>Screenshots go to {@code host-app/target/screenshots/<name>.png}. With {@code -Dsessionkit.docImages=<dir>}
 * (relative to {@code host-app}, so {@code ../docs/images}) the ones the user guide shows ({@link #GUIDE_IMAGES}) are
 * also copied there.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, TestWatcher {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The screenshots docs/user-guide.md shows, refreshed by a build with -Dsessionkit.docImages=../docs/images. */
    static final Set<String> GUIDE_IMAGES = Set.of("sign-in", "apps", "delete-confirmation", "flow-editor",
            "input-configuration", "output-configuration", "add-step-menu", "flow-editor-1024", "missing-plugin",
            "save-conflict", "save-refused", "test-panel", "test-panel-as-user", "marketplace", "sessions",
            "tutorial-sign-in-global", "tutorial-sign-in-global-run", "tutorial-pizza-tracker",
            "tutorial-pizza-tracker-run", "tutorial-shared-settings", "tutorial-shared-settings-run",
            "marketplace-disable-asks");

    private ChromeDriver driver;
    private Path downloads;
    /** Console messages read from the browser and not yet returned by {@link #consoleLog}. */
    private final List<String> unread = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path chromium = Path.of(System.getProperty("sessionkit.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("sessionkit.chromedriver", "/usr/bin/chromedriver"));
        for (Path needed : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(needed)) {
                fail("The browser tests need Chromium and its driver, but " + needed + " is missing. Install them "
                        + "with 'sudo web-ui/src/test/install-browser.sh' (Debian packages chromium and "
                        + "chromium-driver), or point -Dsessionkit.chromium / -Dsessionkit.chromedriver at them.");
            }
        }
        downloads = Files.createTempDirectory("sessionkit-downloads-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--window-size=1280,900", "--force-device-scale-factor=1",
                "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (downloads != null) {
            try (var files = Files.list(downloads)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(downloads);
        }
    }

    /**
     * Fails the test when the page broke the host's Content-Security-Policy: the UI must run under it as it is, so a
     * refused script, style or connection is a bug even when the test's own checks passed.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        if (driver == null) {
            return;
        }
        drain();
        List<String> violations = unread.stream().filter(entry -> entry.contains("Content Security Policy")).toList();
        if (!violations.isEmpty()) {
            fail("The page broke the Content-Security-Policy: " + violations);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (driver == null) {
            return;
        }
        screenshot("failed-" + context.getRequiredTestMethod().getName());
        System.err.println("Browser console at the failure of " + context.getDisplayName() + ":");
        consoleLog().forEach(entry -> System.err.println("  " + entry));
        System.err.println("Page text: " + driver.findElement(By.tagName("body")).getText());
    }

    /** @return the driver */
    public WebDriver driver() {
        return driver;
    }

    /** @return where downloads land */
    public Path downloads() {
        return downloads;
    }

    /** @return the browser console messages since the last call */
    public List<String> consoleLog() {
        drain();
        List<String> messages = List.copyOf(unread);
        unread.clear();
        return messages;
    }

    private void drain() {
        driver.manage().logs().get(LogType.BROWSER).getAll().forEach(entry -> unread.add(entry.toString()));
    }

    /** @param url an address to open */
    public void open(String url) {
        driver.get(url);
    }

    /** @param width the window width in CSS pixels (height 900) */
    public void width(int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
    }

    /** @param width the window's width @param height its height, both in CSS pixels */
    public void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * The page's layout problems now, one line each: visible text cut off by its box (an element whose content is
     * wider than its box and that does not scroll, a list box too narrow for its chosen option, a text field too
     * narrow for the value it shows), a card with
     * nothing in it, and every element that scrolls on its own other than the page and those matching
     * {@code scrollers}.
     *
     * @param scrollers a selector of the elements allowed to scroll on their own (the inspector)
     * @return the problems, empty when none
     */
    @SuppressWarnings("unchecked")
    public List<String> layoutProblems(String scrollers) {
        return (List<String>) js("""
                const allowed = arguments[0];
                const problems = [];
                const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.classList.length ? '.' + [...e.classList].join('.') : '');
                const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
                const canvas = document.createElement('canvas').getContext('2d');
                for (const e of document.querySelectorAll('body *')) {
                  if (!visible(e) || e.closest('.visually-hidden')) continue;
                  const style = getComputedStyle(e);
                  const scrolls = /(auto|scroll)/.test(style.overflowY) || /(auto|scroll)/.test(style.overflowX);
                  if (scrolls && e.scrollHeight > e.clientHeight + 1 && !e.matches(allowed)
                      && !['TEXTAREA', 'SELECT', 'PRE'].includes(e.tagName)) {
                    problems.push('scrolls on its own: ' + name(e));
                  }
                  const field = e.tagName === 'INPUT' && /^(text|search|number|)$/.test(e.getAttribute('type') || '');
                  if ((e.tagName === 'SELECT' && e.selectedIndex >= 0) || (field && e.value)) {
                    canvas.font = style.font;
                    const text = field ? e.value : e.options[e.selectedIndex].text;
                    // the drop-down arrow of a native list box takes about 20 px beside the padding
                    const arrow = field || style.appearance === 'none' ? 0 : 20;
                    const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow;
                    if (canvas.measureText(text).width > room + 1) {
                      problems.push('cut off: ' + name(e) + ' "' + text + '"');
                    }
                    continue;
                  }
                  if (e.matches('.card') && !e.innerText.trim() && !e.querySelector('input, select, textarea, button, img')) {
                    problems.push('empty card: ' + name(e));
                  }
                  const ownText = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
                  if (ownText && !scrolls && !['TEXTAREA', 'INPUT', 'PRE', 'CODE'].includes(e.tagName)
                      && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) {
                    problems.push('cut off: ' + name(e) + ' "' + e.textContent.trim().slice(0, 60) + '"');
                  }
                }
                return problems;""", scrollers);
    }

    /** @param css a selector @return the first element matching it, once visible */
    public WebElement find(String css) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** @param css a selector @return the elements matching it now */
    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** @param css a selector @param text a text @return the visible element matching css that contains text */
    public WebElement withText(String css, String text) {
        return waitFor(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
    }

    /** @param condition a condition @param <T> its value @return its value once truthy (fails after 10 s) */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** @param css a selector @param text text the element must come to contain */
    public void waitForText(String css, String text) {
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** @param css a selector, clicked once clickable (see {@link #click(WebElement)}) */
    public void click(String css) {
        click(waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(css))));
    }

    /**
     * Clicks an element, first scrolled to the middle of the window when it is under the sticky top bar and editor
     * header or outside the window, as a user scrolls to what they click (the driver would click the bar in front).
     *
     * @param element the element
     */
    public void click(WebElement element) {
        js("const r = arguments[0].getBoundingClientRect();"
                + "if (r.top < 150 || r.bottom > innerHeight) arguments[0].scrollIntoView({block: 'center'});", element);
        settle(element);
        try {
            element.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException e) {
            // the page laid itself out again between the scroll and the click (seen on a loaded machine): scroll the
            // element to the middle once more, once the layout has settled, and click what a user would then see
            js("arguments[0].scrollIntoView({block: 'center'});", element);
            waitFor(d -> element.isDisplayed());
            element.click();
        }
    }

    /** @param css a field @param text replaces its value, typed */
    public void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /**
     * Waits until an element stays where it is for 60 ms (three looks, 20 ms apart). Chrome animates scrolling, the
     * page's own and that of a key the page leaves to the browser (Alt+Down on a card a reader cannot move): a click
     * computed while the page still moves lands on whatever has moved under that point (seen: a click on one step's
     * title selecting the step below it). Gives up after {@link #WAIT}, and the click then happens as before.
     *
     * @param element the element about to be clicked
     */
    private void settle(WebElement element) {
        ((JavascriptExecutor) driver).executeAsyncScript("""
                const element = arguments[0], done = arguments[arguments.length - 1];
                const until = Date.now() + arguments[1];
                let last = null, still = 0;
                function frame() {
                  const r = element.getBoundingClientRect();
                  const at = r.left + ',' + r.top + ',' + scrollX + ',' + scrollY;
                  still = at === last ? still + 1 : 0;
                  last = at;
                  if (still >= 3 || Date.now() > until) done(still >= 3);
                  else setTimeout(frame, 20);
                }
                frame();""", element, WAIT.toMillis());
    }

    /** @param script JavaScript @param args its arguments @return its value */
    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Runs axe-core (the WebJar {@code org.webjars.npm:axe-core} on the test class path) on the page as it is now and
     * answers its serious and critical violations, one line each: the rule, its impact, what it asks and the
     * elements that break it. Injected through the driver, which the page's Content-Security-Policy does not govern.
     *
     * @return the serious and critical violations, empty when none
     */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityViolations() {
        if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object'"))) {
            js(axeSource());
        }
        List<Object> found = (List<Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then((result) => done(result.violations
                    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => `${v.id} (${v.impact}): ${v.help}: ` + v.nodes.map((n) => n.target.join(' ')
                      + (n.failureSummary ? ` [${n.failureSummary.replace(/\\s+/g, ' ')}]` : '')).join('; '))),
                  (error) => done(['axe-core failed: ' + error]));""");
        return found.stream().map(String::valueOf).toList();
    }

    /** @return axe-core's script, from its WebJar (the test fails naming the WebJar when it is missing) */
    private static String axeSource() {
        String properties = "META-INF/maven/org.webjars.npm/axe-core/pom.properties";
        try (var in = Browser.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                fail("The accessibility checks need the WebJar org.webjars.npm:axe-core on the test class path "
                        + "(host-app/pom.xml), but " + properties + " is missing.");
            }
            var pom = new java.util.Properties();
            pom.load(in);
            String script = "META-INF/resources/webjars/axe-core/" + pom.getProperty("version") + "/axe.min.js";
            try (var source = Browser.class.getClassLoader().getResourceAsStream(script)) {
                if (source == null) {
                    fail("The axe-core WebJar has no " + script);
                }
                return new String(source.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Drags an element with the pointer onto a point of a target: the target's vertical fraction {@code yFraction}
     * (0 top, 1 bottom), moving in small steps as a hand does so SortableJS sees the drag and where it ends.
     */
    public void drag(WebElement source, WebElement target, double yFraction) {
        // both in view below the sticky bars, as a hand needs them (the page scrolls as one, palette included)
        js("""
                const [a, b] = [arguments[0].getBoundingClientRect(), arguments[1].getBoundingClientRect()];
                const top = Math.min(a.top, b.top) + scrollY, bottom = Math.max(a.bottom, b.bottom) + scrollY;
                window.scrollTo(0, Math.max(0, (top + bottom) / 2 - (150 + innerHeight) / 2));""", source, target);
        Actions actions = new Actions(driver);
        actions.moveToElement(source).clickAndHold().pause(Duration.ofMillis(60));
        actions.moveByOffset(6, 6).pause(Duration.ofMillis(60));
        int height = target.getRect().getHeight();
        int yOffset = (int) Math.round((yFraction - 0.5) * (height - 4));
        // enter the target from the side of the drop (its top edge for a drop below it, its bottom edge for one
        // above), then sweep to the point, as a hand does: SortableJS decides the side as the pointer crosses it
        int edge = (int) Math.round((yFraction >= 0.5 ? -0.45 : 0.45) * (height - 4));
        actions.moveToElement(target, -2, edge).pause(Duration.ofMillis(120));
        for (int step = 1; step <= 4; step++) {
            actions.moveToElement(target, step - 2, edge + (yOffset - edge) * step / 4).pause(Duration.ofMillis(80));
        }
        actions.moveToElement(target, 0, yOffset).pause(Duration.ofMillis(150)).release().perform();
        waitFor(d -> d.findElements(By.cssSelector(".sortable-fallback, .sortable-chosen")).isEmpty());
    }

    /**
     * Saves a screenshot as target/screenshots/{name}.png, and in the user guide's images when asked
     * (-Dsessionkit.docImages=dir).
     *
     * @param name the file name, without .png
     */
    public void screenshot(String name) {
        try {
            Path file = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            String docs = System.getProperty("sessionkit.docImages");
            if (docs != null && !docs.isBlank() && GUIDE_IMAGES.contains(name)) {
                Path target = Path.of(docs).resolve(name + ".png");
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
