package dev.sessionkit.host;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

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
    private OpenApiExport() {
    }

    /** @param args the file to write */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: OpenApiExport <file to write the served OpenAPI document (JSON) to>");
            System.exit(2);
        }
        Path target = Path.of(args[0]).toAbsolutePath();
        Path data = Files.createTempDirectory("sessionkit-openapi");
        int status = 1;
        try {
            SessionkitHost host = SessionkitHost.create(config -> {
                config.dataDir = data;
                config.bindAddress = "127.0.0.1";
                config.port = 0;
                config.initialAdminPassword = UUID.randomUUID().toString();
                config.bcryptCost = 4; // nobody signs in: the first admin's hash need not be slow to make
                config.console = new PrintStream(OutputStream.nullOutputStream());
            }).start();
            try {
                HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + host.port() + "/api/openapi.json"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("GET /api/openapi.json answered " + answer.statusCode());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, answer.body());
                System.out.println("Wrote the served OpenAPI document to " + target);
                status = 0;
            } finally {
                host.stop();
            }
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            deleteTree(data);
        }
        System.exit(status);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
