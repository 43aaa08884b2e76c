package dev.sessionkit.host.openapi;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/openapi.yaml} (anyone; it never looks at the {@code Authorization} header): the host's OpenAPI 3.1
 * document, the classpath resource {@value #RESOURCE}, with {@code info.version} set to the host's version.
 *
 * <p>The document is written by hand (no OpenAPI plugin exists for Javalin 7); {@code OpenApiRoutesTest} checks that
 * its operations and the host's routes are the same set, so a route added without its description fails the build.
 *
 * <p>Read once at construction; thread-safe.
 */
public final class OpenApiRoutes {
    /** The path of the document. */
    public static final String PATH = "/api/openapi.yaml";
    /** The classpath resource holding the document. */
    static final String RESOURCE = "/openapi.yaml";
    /** What {@code info.version} holds in the resource, replaced by the host's version when served. */
    static final String VERSION_PLACEHOLDER = "\"@HOST_VERSION@\"";

    private static final String CONTENT_TYPE = "application/yaml";

    private final byte[] document;

    /**
     * @param version the host version, written into {@code info.version}
     * @throws IllegalStateException when the resource is missing or holds no version placeholder (a broken build)
     */
    public OpenApiRoutes(String version) {
        String text = read();
        if (!text.contains(VERSION_PLACEHOLDER)) {
            throw new IllegalStateException("The OpenAPI document " + RESOURCE + " has no 'version: "
                    + VERSION_PLACEHOLDER + "' in its info: the host writes its own version there.");
        }
        document = text.replace(VERSION_PLACEHOLDER, "\"" + version + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get(PATH, this::document);
    }

    private void document(Context ctx) {
        ctx.contentType(CONTENT_TYPE).result(document);
    }

    private static String read() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The classpath resource " + RESOURCE + " (the OpenAPI document, "
                        + "host-app/src/main/resources/openapi.yaml) is missing; build the host with Maven.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
