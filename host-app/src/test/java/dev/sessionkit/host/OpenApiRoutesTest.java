package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/openapi.yaml}: the hand-written OpenAPI document (host-app/src/main/resources/openapi.yaml) is
 * served to anyone, and its operations are exactly the routes the running host registers, both ways.
 *
 * <p>The real routes are read from the started Javalin's router, so a route added anywhere in the host shows up here.
 * Path templates are compared as OpenAPI writes them: Javalin's {@code {name}} is the same, its {@code <name>} (a
 * parameter that may hold slashes) is written {@code {name}}, and a bare {@code *} segment {@code {wildcard}}.
 */
class OpenApiRoutesTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass();

    /**
     * Routes the host registers that are not API and so are not in the document, each with the reason. Only for
     * things such as the web UI's static files; every API route belongs in the document.
     */
    private static final Map<String, String> NOT_API = Map.of();

    /** Failure statuses whose body is not an {@code Error}, each with its schema. */
    private static final Map<String, String> NOT_ERRORS =
            Map.of("GET /health/ready 503", "#/components/schemas/Readiness");

    private static final String DOCUMENT = "host-app/src/main/resources/openapi.yaml";
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String WHO_MAY_CALL = "**Who may call:**";
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}/]+)}");

    private static JsonNode document;

    @BeforeAll
    static void fetchTheDocument() {
        Response response = expect(200, host.get("/api/openapi.yaml", null));
        assertEquals("application/yaml", response.headers().get("Content-Type").get(0));
        try {
            document = new YAMLMapper().readTree(body(response));
        } catch (IOException e) {
            throw new UncheckedIOException("GET /api/openapi.yaml is not YAML; check " + DOCUMENT, e);
        }
    }

    @Test
    void isOpenToAnyoneEvenWithAStaleHeader() {
        expect(200, host.send("/api/openapi.yaml", request -> request.header("Authorization", "Bearer stale"),
                request -> request.get()));
    }

    @Test
    void isOpenApi31WithTheHostsVersion() {
        assertTrue(document.path("openapi").asText().startsWith("3.1."), () -> "openapi: " + document.get("openapi"));
        assertEquals("Sessionkit", document.path("info").path("title").asText());
        assertEquals(HostVersion.current(), document.path("info").path("version").asText());
        assertEquals("http", document.at("/components/securitySchemes/bearerAuth/type").asText());
        assertEquals("JWT", document.at("/components/securitySchemes/bearerAuth/bearerFormat").asText());
    }

    @Test
    void documentsEveryRouteAndNoOtherOperation() {
        SortedSet<String> routes = realRoutes();
        SortedSet<String> notApi = new TreeSet<>(NOT_API.keySet());
        notApi.removeAll(routes);
        SortedSet<String> documented = new TreeSet<>();
        forEachOperation((route, operation) -> documented.add(route));

        SortedSet<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        undocumented.removeAll(NOT_API.keySet());
        SortedSet<String> unserved = new TreeSet<>(documented);
        unserved.removeAll(routes);

        if (undocumented.isEmpty() && unserved.isEmpty() && notApi.isEmpty()) return;
        StringBuilder message = new StringBuilder("The OpenAPI document (" + DOCUMENT + ", served at "
                + "GET /api/openapi.yaml) and the routes the host registers differ.\n");
        if (!undocumented.isEmpty()) {
            message.append("\nRoutes the host serves that the document does not describe (").append(undocumented.size())
                    .append("): add each under 'paths' with its path parameters, request body, success response, "
                            + "every error status (reuse components/responses) and '" + WHO_MAY_CALL + "' at the "
                            + "start of its description:\n");
            undocumented.forEach(route -> message.append("  ").append(route).append('\n'));
        }
        if (!unserved.isEmpty()) {
            message.append("\nOperations the document describes that no route serves (").append(unserved.size())
                    .append("): remove them from the document, or register the route in SessionkitHost:\n");
            unserved.forEach(route -> message.append("  ").append(route).append('\n'));
        }
        if (!notApi.isEmpty()) {
            message.append("\nRoutes listed in OpenApiRoutesTest.NOT_API that the host no longer registers: remove "
                    + "them from NOT_API:\n");
            notApi.forEach(route -> message.append("  ").append(route).append('\n'));
        }
        message.append("\n(Javalin's {name} and <name> path parameters are both written {name} in the document; a "
                + "bare * segment is written {wildcard}.)");
        fail(message.toString());
    }

    @Test
    void everyOperationSaysWhoMayCallItAndDeclaresItsResponsesAndParameters() {
        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        Set<String> schemes = new HashSet<>();
        document.at("/components/securitySchemes").fieldNames().forEachRemaining(schemes::add);
        forEachOperation((route, operation) -> {
            String path = route.substring(route.indexOf(' ') + 1);
            String operationId = operation.path("operationId").asText("");
            if (operationId.isEmpty() || !operationIds.add(operationId)) {
                problems.add(route + ": needs an operationId of its own (has '" + operationId + "')");
            }
            if (!operation.path("description").asText().contains(WHO_MAY_CALL)) {
                problems.add(route + ": its description must say '" + WHO_MAY_CALL + "' (which roles, or anyone)");
            }
            operation.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(scheme -> {
                if (!schemes.contains(scheme)) problems.add(route + ": unknown security scheme '" + scheme + "'");
            }));
            checkResponses(route, operation.path("responses"), problems);
            checkPathParameters(route, path, operation, problems);
        });
        assertTrue(problems.isEmpty(), () -> "In " + DOCUMENT + ":\n  " + String.join("\n  ", problems));
    }

    @Test
    void javalinPathParametersAreWrittenAsOpenApiDoes() {
        assertEquals("/api/apps/{appId}/methods/{methodId}", openApiPath("/api/apps/{appId}/methods/{methodId}"));
        assertEquals("/run/{appId}/{path}", openApiPath("/run/{appId}/<path>"));
        assertEquals("/files/{wildcard}", openApiPath("/files/*"));
    }

    @Test
    void everyRefResolves() {
        List<String> broken = new ArrayList<>();
        collectBrokenRefs(document, "", broken);
        assertTrue(broken.isEmpty(), () -> "$ref values in " + DOCUMENT + " that lead nowhere (only local "
                + "'#/components/...' references are used):\n  " + String.join("\n  ", broken));
    }

    private static void checkResponses(String route, JsonNode responses, List<String> problems) {
        if (!responses.isObject() || responses.isEmpty()) {
            problems.add(route + ": declares no responses");
            return;
        }
        boolean success = false;
        for (Map.Entry<String, JsonNode> entry : responses.properties()) {
            String status = entry.getKey();
            JsonNode response = resolve(entry.getValue());
            if (!status.matches("[1-5][0-9][0-9]")) {
                problems.add(route + ": response key '" + status + "' is not an HTTP status");
                continue;
            }
            success |= status.startsWith("2");
            if (response.path("description").asText().isBlank()) {
                problems.add(route + " " + status + ": the response needs a description");
            }
            if (status.compareTo("400") >= 0) {
                String schema = response.at("/content/application~1json/schema/$ref").asText();
                String expected = NOT_ERRORS.getOrDefault(route + " " + status, "#/components/schemas/Error");
                if (!schema.equals(expected)) {
                    problems.add(route + " " + status + ": an error answers application/json with the schema "
                            + "#/components/schemas/Error");
                }
            }
        }
        if (!success) problems.add(route + ": declares no 2xx response");
    }

    private static void checkPathParameters(String route, String path, JsonNode operation, List<String> problems) {
        Set<String> inTemplate = new TreeSet<>();
        Matcher matcher = TEMPLATE_PARAMETER.matcher(path);
        while (matcher.find()) inTemplate.add(matcher.group(1));
        Set<String> declared = new TreeSet<>();
        List<JsonNode> parameters = new ArrayList<>();
        document.path("paths").path(path).path("parameters").forEach(parameters::add);
        operation.path("parameters").forEach(parameters::add);
        for (JsonNode reference : parameters) {
            JsonNode parameter = resolve(reference);
            if (parameter.path("in").asText().equals("path")) {
                declared.add(parameter.path("name").asText());
                if (!parameter.path("required").asBoolean()) {
                    problems.add(route + ": path parameter '" + parameter.path("name").asText() + "' needs "
                            + "required: true");
                }
            }
        }
        if (!declared.equals(inTemplate)) {
            problems.add(route + ": the path parameters declared " + declared + " are not those of the template "
                    + inTemplate);
        }
    }

    private static void collectBrokenRefs(JsonNode node, String where, List<String> broken) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.isTextual() || resolveRef(ref.asText()) == null)) {
                broken.add(where + "/$ref: " + ref);
            }
            node.properties().forEach(entry -> collectBrokenRefs(entry.getValue(), where + "/" + entry.getKey(),
                    broken));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) collectBrokenRefs(node.get(i), where + "/" + i, broken);
        }
    }

    /** @return the node a local {@code $ref} points at, or null when it is not local or leads nowhere */
    private static JsonNode resolveRef(String ref) {
        if (!ref.startsWith("#/")) return null;
        JsonNode target = document.at(JsonPointer.compile(ref.substring(1)));
        return target.isMissingNode() ? null : target;
    }

    /** @return the node, or what its {@code $ref} points at (a missing node when that leads nowhere) */
    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) return node;
        JsonNode target = resolveRef(ref.asText());
        return target == null ? MissingNode.getInstance() : target;
    }

    /** Calls {@code action} with "METHOD /path" and the operation, for every operation of the document. */
    private static void forEachOperation(BiConsumer<String, JsonNode> action) {
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (HTTP_METHODS.contains(operation.getKey())) {
                    action.accept(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                            operation.getValue());
                }
            }
        }
    }

    /** @return every HTTP route of the running host as "METHOD /path", path parameters written as OpenAPI does */
    private static SortedSet<String> realRoutes() {
        SortedSet<String> routes = new TreeSet<>();
        for (ParsedEndpoint parsed : host.host().javalin().unsafe.internalRouter.allHttpHandlers()) {
            Endpoint endpoint = parsed.endpoint;
            if (endpoint.method.isHttpMethod()) {
                routes.add(endpoint.method.name() + " " + openApiPath(endpoint.path));
            }
        }
        return routes;
    }

    /** @param javalinPath a Javalin path such as {@code /run/{appId}/<path>} @return it as an OpenAPI template */
    static String openApiPath(String javalinPath) {
        return javalinPath.replaceAll("<([^>/]+)>", "{$1}").replaceAll("(?<=/)\\*(?=/|$)", "{wildcard}");
    }
}
