package dev.sessionkit.host.marketplace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.plugins.PluginSource;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP downloads against a local server: a stalled, failing or oversized download is an error, never a hang. */
class RepositoryDownloaderTest {
    private static final byte[] JAR = "pretend this is a jar".getBytes();

    private final CountDownLatch released = new CountDownLatch(1);
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
}
