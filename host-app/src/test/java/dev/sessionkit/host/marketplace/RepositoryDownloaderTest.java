package dev.sessionkit.host.marketplace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.HostVersion;
import dev.sessionkit.host.plugins.HostCompatibility;
import dev.sessionkit.host.plugins.PluginSource;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP downloads and repository indexes against a local server: a stalled, failing or oversized download is an error,
 * never a hang.
 */
class RepositoryDownloaderTest {
    private static final byte[] JAR = "pretend this is a jar".getBytes();

    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch downloading = new CountDownLatch(1);
    private Javalin server;
    private final RepositoryDownloader downloader = new RepositoryDownloader(Duration.ofSeconds(5),
            Duration.ofMillis(500), 1024);

    @BeforeEach
    void start() {
        server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/ok/plugin.jar", ctx -> ctx.result(JAR));
            cfg.routes.get("/slow/plugin.jar", ctx -> {
                released.await(10, TimeUnit.SECONDS); // stalls past the downloader's read timeout
                ctx.result(JAR);
            });
            cfg.routes.get("/big/plugin.jar", ctx -> ctx.result(new byte[4096]));
            cfg.routes.get("/stops-midway/plugin.jar", ctx -> {
                ctx.outputStream().write(new byte[128 * 1024]); // past Jetty's buffer: the headers and a part go out
                ctx.outputStream().flush();
                released.await(10, TimeUnit.SECONDS); // then nothing until the test ends
            });
            cfg.routes.get("/repo/demo-1.0.0.jar", ctx -> {
                downloading.countDown();
                released.await(10, TimeUnit.SECONDS); // a download still in progress while the test lists
                ctx.result(JAR);
            });
            cfg.routes.get("/repo/plugins.json", ctx -> ctx.result("""
                    [{"id": "demo", "releases": [{"version": "1.0.0", "date": "2026-11-27", "url": "demo-1.0.0.jar",
                      "sha512sum": "abc"}]}]"""));
            cfg.routes.get("/empty/plugins.json", ctx -> ctx.result(""));
            cfg.routes.get("/broken/plugins.json", ctx -> ctx.result("[{\"id\": \"x\", \"releases\": [null]}, null]"));
            cfg.routes.get("/stalled/plugins.json", ctx -> {
                released.await(10, TimeUnit.SECONDS);
                ctx.result("[]");
            });
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop();
    }

    private URL url(String path) throws IOException {
        return new URL("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void aDownloadLandsInATemporaryFileNamedLikeTheUrl() throws Exception {
        Path file = downloader.downloadFile(url("/ok/plugin.jar"));
        try {
            assertTrue(file.getFileName().toString().equals("plugin.jar"), file.toString());
            assertArrayEquals(JAR, Files.readAllBytes(file));
        } finally {
            PluginSource.discard(file);
        }
    }

    @Test
    void stalledMissingAndOversizedDownloadsFail() throws Exception {
        assertThrows(IOException.class, () -> downloader.downloadFile(url("/slow/plugin.jar")));
        IOException missing = assertThrows(IOException.class, () -> downloader.downloadFile(url("/no/plugin.jar")));
        assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
        IOException big = assertThrows(IOException.class, () -> downloader.downloadFile(url("/big/plugin.jar")));
        assertTrue(big.getMessage().contains("larger than"), big.getMessage());
    }

    @Test
    void aDownloadWhoseBodyStopsMidwayIsCutOffAtTheDeadline() {
        RepositoryDownloader roomy = new RepositoryDownloader(Duration.ofSeconds(5), Duration.ofMillis(500), 1 << 20);
        IOException stopped = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IOException.class, () -> roomy.downloadFile(url("/stops-midway/plugin.jar"))));
        assertTrue(stopped.getMessage().contains("did not finish downloading within 500 ms"), stopped.getMessage());
    }

    @Test
    void aRepositoryIndexIsReadWithTheDownloaderAndItsReleasesResolveAgainstTheRepository() throws Exception {
        PluginRepository repository = new PluginRepository("remote", url("/repo/"), downloader);
        assertEquals("http://127.0.0.1:" + server.port() + "/repo/demo-1.0.0.jar",
                repository.getPlugins().get("demo").releases.get(0).url);
        assertNull(repository.problem());
    }

    @Test
    void theCatalogListsWhileADownloadIsInProgress() throws Exception {
        PluginCatalog catalog = new PluginCatalog(new HostCompatibility(HostVersion.current()),
                List.of(new PluginRepository("remote", url("/repo/"), new RepositoryDownloader(Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 1024))));
        CompletableFuture<FetchedRelease> fetching = CompletableFuture.supplyAsync(() -> catalog.fetch("demo", null));
        assertTrue(downloading.await(10, TimeUnit.SECONDS), "the download started");

        List<String> listed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> catalog.plugins().stream().map(plugin -> plugin.id).toList());
        assertEquals(List.of("demo"), listed, "the listing does not wait for the download");
        assertFalse(fetching.isDone());
        released.countDown();
        ExecutionException refused = assertThrows(ExecutionException.class, () -> fetching.get(30, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("failed verification"), refused.getCause().getMessage());
    }

    @Test
    void anEmptyOrBrokenIndexIsTheRepositorysProblemAndLeavesNoTemporaryFiles() throws Exception {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = downloadDirectories(temp);
        PluginRepository empty = new PluginRepository("empty", url("/empty/"), downloader);
        assertTrue(empty.getPlugins().isEmpty());
        assertEquals("Its plugins.json is empty.", empty.problem());
        PluginRepository broken = new PluginRepository("broken", url("/broken/"), downloader);
        assertTrue(broken.getPlugins().isEmpty());
        assertTrue(broken.problem().startsWith("Its plugins.json is not valid"), broken.problem());
        assertEquals(before, downloadDirectories(temp), "the index copies and their directories are deleted");
    }

    private static long downloadDirectories(Path temp) throws IOException {
        try (var entries = Files.list(temp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("sessionkit-download")).count();
        }
    }

    @Test
    void aStalledRepositoryIndexIsAProblemNotAHang() throws Exception {
        PluginRepository repository = new PluginRepository("stalled", url("/stalled/"), downloader);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertTrue(repository.getPlugins().isEmpty()));
        assertTrue(repository.problem().startsWith("Its plugins.json cannot be read from http://127.0.0.1:"),
                repository.problem());
        PluginRepository missing = new PluginRepository("missing", url("/nothing-here/"), downloader);
        assertTrue(missing.getPlugins().isEmpty());
        assertTrue(missing.problem().contains("HTTP 404"), missing.problem());
    }
}
