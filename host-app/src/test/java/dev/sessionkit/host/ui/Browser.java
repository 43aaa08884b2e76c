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
            "tutorial-sign-in-global", "tutorial-sign-in-global-run");

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

    /** @param css a selector, clicked once clickable */
    public void click(String css) {
        waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    /** @param css a field @param text replaces its value, typed */
    public void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** @param script JavaScript @param args its arguments @return its value */
    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Drags an element with the pointer onto a point of a target: the target's vertical fraction {@code yFraction}
     * (0 top, 1 bottom), moving in small steps as a hand does so SortableJS sees the drag and where it ends.
     */
    public void drag(WebElement source, WebElement target, double yFraction) {
        js("arguments[0].scrollIntoView({block: 'center'})", target);
        Actions actions = new Actions(driver);
        actions.moveToElement(source).clickAndHold().pause(Duration.ofMillis(60));
        actions.moveByOffset(6, 6).pause(Duration.ofMillis(60));
        int height = target.getRect().getHeight();
        int yOffset = (int) Math.round((yFraction - 0.5) * (height - 4));
        for (int step = 0; step < 4; step++) {
            actions.moveToElement(target, step - 2, yOffset + (step - 3)).pause(Duration.ofMillis(60));
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
