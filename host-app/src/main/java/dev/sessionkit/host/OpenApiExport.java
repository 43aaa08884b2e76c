package dev.sessionkit.host;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the OpenAPI document a freshly started host serves, for the build: starts a host over a scratch data
 * directory on a loopback port (so the bundled session plugin is installed and its methods are described from their
 * descriptors), reads {@code GET /api/openapi.json}, writes it to the file named by the one argument, stops the host
 * and deletes the directory.
 *
 * <pre>{@code
 * java -cp host-app/target/classes:<the host's dependencies> dev.sessionkit.host.OpenApiExport target/openapi/sessionkit.json
 * }</pre>
 *
 * The build runs it in {@code process-classes}; OpenAPI Generator then makes the Java client the test suite uses
 * ({@code GeneratedClientTest}) from that file, so the client is generated from exactly what a host serves. Exit status
 * 0, or 1 with the failure.
 */
public final class OpenApiExport {
    private static final Logger LOG = LoggerFactory.getLogger(OpenApiExport.class);

    private OpenApiExport() {
    }

    /** @param args the file to write */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: OpenApiExport <file to write the served OpenAPI document (JSON) to>");
            System.exit(2);
        }
        Path target = Path.of(args[0]).toAbsolutePath();
        try (ScratchHost host = new ScratchHost("openapi", true)) {
            HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(host.base().resolve("/api/openapi.json"))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /api/openapi.json answered " + answer.statusCode());
            }
            Files.createDirectories(target.getParent());
            Files.write(target, answer.body());
            LOG.info("Wrote the served OpenAPI document to {}", target);
        } catch (Exception e) {
            LOG.error("Could not export the served OpenAPI document to {}", target, e);
            System.exit(1);
        }
        System.exit(0);
    }
}
