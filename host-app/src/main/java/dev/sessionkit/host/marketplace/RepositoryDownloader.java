package dev.sessionkit.host.marketplace;

import dev.sessionkit.host.plugins.PluginSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.pf4j.update.SimpleFileDownloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pf4j-update's downloader (into a new temporary directory) with two changes: HTTP and HTTPS downloads have a
 * connect timeout, an overall timeout (the body included: a server that stops sending midway is cut off at the
 * deadline) and a size limit, and fail on any status but 200 (pf4j-update's own has no
 * timeout, so a stalled repository would hold the marketplace forever); and {@code jar:} URLs download too, since the
 * bundled repository lives inside the host's executable jar. {@code file:} URLs are pf4j-update's.
 *
 * <p>Thread-safe.
 */
final class RepositoryDownloader extends SimpleFileDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryDownloader.class);
    /** The defaults: 10 s to connect, 2 min for a whole download, 64 MiB at most. */
    static final RepositoryDownloader DEFAULT = new RepositoryDownloader(Duration.ofSeconds(10),
            Duration.ofMinutes(2), 64L << 20);

    private final Duration connectTimeout;
    /** Built on the first HTTP download (building one costs a fifth of a second of the host's start). */
    private volatile HttpClient http;
    private final Duration timeout;
    private final long maxBytes;

    /**
     * @param connectTimeout the longest wait for a connection
     * @param timeout        the longest wait for a whole download
     * @param maxBytes       the largest file accepted
     */
    RepositoryDownloader(Duration connectTimeout, Duration timeout, long maxBytes) {
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    @Override
    public Path downloadFile(URL fileUrl) throws IOException {
        if ("jar".equals(fileUrl.getProtocol())) {
            try (InputStream in = fileUrl.openStream()) {
                return save(fileUrl, in);
            }
        }
        return super.downloadFile(fileUrl);
    }

    @Override
    protected Path downloadFileHttp(URL fileUrl) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<InputStream> response;
        try {
            response = http().send(HttpRequest.newBuilder(fileUrl.toURI()).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (URISyntaxException e) {
            throw new IOException("Not a valid URL: " + fileUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while downloading " + fileUrl, e);
        }
        // The request's timeout ends with the headers; the body is cut off at the same deadline by closing it.
        InputStream body = response.body();
        Executor atDeadline = CompletableFuture.delayedExecutor(Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        CompletableFuture<Void> cutOff = CompletableFuture.runAsync(() -> closeQuietly(body), atDeadline);
        try (InputStream in = body) {
            if (response.statusCode() != 200) {
                throw new IOException(fileUrl + " answered HTTP " + response.statusCode());
            }
            return save(fileUrl, in);
        } catch (IOException e) {
            if (cutOff.isDone()) {
                throw new IOException(fileUrl + " did not finish downloading within " + timeout.toMillis() + " ms",
                        e);
            }
            throw e;
        } finally {
            cutOff.cancel(false);
        }
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                    http = client;
                }
            }
        }
        return client;
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // The read this close interrupts fails and is reported; the close's own failure changes nothing.
            LOG.debug("Closing a download cut off at its deadline failed", e);
        }
    }

    private Path save(URL fileUrl, InputStream in) throws IOException {
        String path = fileUrl.getPath();
        Path file = Files.createTempDirectory("sessionkit-download").resolve(path.substring(path.lastIndexOf('/') + 1));
        try (InputStream limited = in; OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = limited.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException(fileUrl + " is larger than " + (maxBytes >> 20) + " MiB");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            PluginSource.discard(file);
            throw e;
        }
        return file;
    }
}
