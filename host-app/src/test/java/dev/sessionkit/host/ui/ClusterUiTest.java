package dev.sessionkit.host.ui;

import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.RedisForTests;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.marketplace.MarketplaceHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The marketplace page of a host in a cluster (two hosts over one real redis-server) says whether every live host runs
 * the cluster's plugins, and which hosts do not, with what they run.
 */
class ClusterUiTest {
    @RegisterExtension
    @Order(0)
    static final RedisForTests redis = new RedisForTests();
    private static final Path REPOSITORY = temporaryFolder();
    @RegisterExtension
    @Order(1)
    static final TestHost first = TestHost.perClass(config -> {
        config.redisUrl = redis.url();
        config.pluginRepositories = MarketplaceHost.standardRepositories(REPOSITORY);
    });
    @RegisterExtension
    @Order(2)
    static final TestHost second = TestHost.perClass(config -> config.redisUrl = redis.url());
    @RegisterExtension
    @Order(3)
    static final Browser browser = new Browser();

    private static String sha512(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("sessionkit-ui-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theMarketplaceShowsWhetherTheHostsRunTheClustersPlugins() {
        Ui.signInAsAdmin(browser, first);
        browser.open(Ui.url(first) + "#/marketplace");
        browser.waitForText("#cluster-agreement", "2 live host(s), all running the cluster's plugins");

        // the release's bytes in Redis are tampered with before the plugin is installed: the other host refuses them
        // (their SHA-512 does not match) and keeps serving without the plugin
        Path jar = REPOSITORY.resolve("repository/hello-plugin-1.0.0.jar");
        redis.server().cli("SET", "{sessionkit}:host:plugin-jar:" + sha512(jar),
                Base64.getEncoder().encodeToString("not the plugin".getBytes(StandardCharsets.UTF_8)));
        expect(200, first.post("/api/marketplace/hello-plugin/install", "{\"version\": \"1.0.0\"}",
                first.adminToken()));
        browser.waitFor(driver -> {
            browser.click("#marketplace-refresh");
            return !browser.all("#cluster-disagreement").isEmpty()
                    && browser.find("#cluster-disagreement").getText().contains("hello-plugin");
        });
        String notice = browser.find("#cluster-disagreement").getText();
        assertTrue(notice.contains("1 of 2 live host(s) do not run the cluster's plugins"), notice);
        assertTrue(notice.contains("SHA-512"), notice);
        browser.screenshot("marketplace-cluster-disagreement");
    }
}
