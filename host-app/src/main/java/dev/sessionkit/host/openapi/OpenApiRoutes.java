package dev.sessionkit.host.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sessionkit.host.plugins.MethodRegistry;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /api/openapi.yaml} and {@code GET /api/openapi.json} (anyone; they never look at the
 * {@code Authorization} header): the host's OpenAPI 3.1 document, in YAML and in JSON.
 *
 * <p>The document is the classpath resource {@value #RESOURCE}, written by hand (no OpenAPI plugin exists for
 * Javalin 7), with {@code info.version} set to the host's version, plus one operation and its schemas per installed
 * method, generated from the method descriptors ({@link MethodSchemas}). {@code OpenApiRoutesTest} checks that its
 * operations and the host's routes are the same set, so a route added without its description fails the build.
 *
 * <p>The rendered document is cached with the version of the {@link MethodRegistry} snapshot it was made from
 * (never by the snapshot's identity): a plugin installed, updated, disabled or removed publishes a registry of a new
 * version, and the next request renders the document again. Thread-safe: the cache is one immutable value in a
 * volatile field; two threads seeing a new version at once may both render it, and either result is the same.
 */
public final class OpenApiRoutes {
    /** The path of the YAML document. */
    public static final String PATH = "/api/openapi.yaml";
    /** The path of the JSON document. */
    public static final String JSON_PATH = "/api/openapi.json";
    /** The classpath resource holding the hand-written document. */
    static final String RESOURCE = "/openapi.yaml";
    /** What {@code info.version} holds in the resource, replaced by the host's version when served. */
    static final String VERSION_PLACEHOLDER = "\"@HOST_VERSION@\"";

    private static final String YAML_TYPE = "application/yaml";
    private static final String JSON_TYPE = "application/json";

    private final ObjectNode base;
    private final Supplier<MethodRegistry> registry;
    private final YAMLMapper yaml = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private volatile Rendered rendered = new Rendered(-1, null, null);

    /** The document of one registry version, in both formats. */
    private record Rendered(long version, byte[] yaml, byte[] json) {
    }

    /**
     * @param version  the host version, written into {@code info.version}
     * @param registry the current method registry, whose methods the document describes
     * @throws IllegalStateException when the resource is missing, is not YAML, or holds no version placeholder (a
     *                               broken build)
     */
    public OpenApiRoutes(String version, Supplier<MethodRegistry> registry) {
        this.registry = registry;
        String text = read();
        if (!text.contains(VERSION_PLACEHOLDER)) {
            throw new IllegalStateException("The OpenAPI document " + RESOURCE + " has no 'version: "
                    + VERSION_PLACEHOLDER + "' in its info: the host writes its own version there.");
        }
        try {
            base = (ObjectNode) yaml.readTree(text.replace(VERSION_PLACEHOLDER, "\"" + version + "\""));
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("The OpenAPI document " + RESOURCE + " is not a YAML object", e);
        }
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get(PATH, ctx -> ctx.contentType(YAML_TYPE).result(current().yaml()));
        routes.get(JSON_PATH, ctx -> ctx.contentType(JSON_TYPE).result(current().json()));
    }

    /**
     * @param methods the registry to describe
     * @return the whole document as a tree: the hand-written part and the methods' operations and schemas
     */
    public ObjectNode document(MethodRegistry methods) {
        ObjectNode document = base.deepCopy();
        MethodSchemas.addTo(document, methods);
        return document;
    }

    private Rendered current() {
        MethodRegistry methods = registry.get();
        Rendered last = rendered;
        if (last.version() == methods.version()) return last;
        ObjectNode document = document(methods);
        try {
            Rendered fresh = new Rendered(methods.version(),
                    yaml.writeValueAsString(document).getBytes(StandardCharsets.UTF_8),
                    json.writeValueAsBytes(document));
            rendered = fresh;
            return fresh;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the OpenAPI document", e);
        }
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
