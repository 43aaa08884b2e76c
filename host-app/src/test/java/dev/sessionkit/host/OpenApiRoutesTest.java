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
    /** Where each installed method's own operation is: this, then the method id. */
    private static final String METHOD_OPERATION_PREFIX = "POST /api/apps/{appId}/methods/";

    private static boolean isMethodOperation(String route) {
        return route.startsWith(METHOD_OPERATION_PREFIX) && !route.endsWith("{methodId}");
    }

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
        forEachOperation((route, operation) -> {
            // Each method's own operation is a call of the one dispatch route (eachInstalledMethodHasATypedOperation).
            if (!isMethodOperation(route)) documented.add(route);
        });

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
    void eachInstalledMethodHasATypedOperationFromItsDescriptor() {
        List<String> methods = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(path -> {
            if (path.startsWith("/api/apps/{appId}/methods/") && !path.endsWith("{methodId}")) {
                methods.add(path.substring(path.lastIndexOf('/') + 1));
            }
        });
        assertEquals(List.of("session.exists", "session.set-parameters", "session.update-parameters",
                "session.get-parameters", "session.delete-parameters", "session.get-username", "session.get-userid",
                "session.get-roleid", "session.manage", "session.start", "session.end", "session.clear",
                "session.touch", "session.info", "session.open"), methods);

        JsonNode set = document.at("/paths/~1api~1apps~1{appId}~1methods~1session.set-parameters/post");
        assertEquals("callSessionSetParameters", set.path("operationId").asText());
        assertEquals("[{},{\"bearerAuth\":[]}]", set.path("security").toString(), "anonymous calls allowed");
        assertEquals("#/components/schemas/SessionSetParametersCall",
                set.at("/requestBody/content/application~1json/schema/$ref").asText());
        assertEquals("#/components/schemas/SessionSetParametersAnswer",
                set.at("/responses/200/content/application~1json/schema/$ref").asText());
        assertTrue(set.path("responses").has("400") && set.path("responses").has("507"), "the generic errors");
        JsonNode inputs = document.at("/components/schemas/SessionSetParametersInputs/properties");
        assertTrue(inputs.at("/scope/enum").toString().contains("GLOBAL"), inputs.toString());
        assertEquals("LOCAL", inputs.at("/scope/default").asText());
        assertEquals("array", inputs.at("/parameters/type").asText());
        assertEquals("#/components/schemas/SessionSetParametersParametersItem", inputs.at("/parameters/items/$ref")
                .asText());
        JsonNode row = document.at("/components/schemas/SessionSetParametersParametersItem");
        assertTrue(row.at("/properties/dataType/enum").toString().contains("INTEGER"), row.toString());
        assertTrue(row.path("required").toString().contains("name"), row.toString());
        assertEquals("object", document.at("/components/schemas/SessionSetParametersAnswer/properties/output/type")
                .asText());
        assertEquals("string", document.at("/components/schemas/SessionGetUsernameAnswer/properties/output/type")
                .asText());
        assertEquals("[{\"bearerAuth\":[]}]",
                document.at("/paths/~1api~1apps~1{appId}~1methods~1session.get-username/post/security").toString(),
                "requiresUser: a token is required");
    }

    @Test
    void schemasAGeneratedClientCanBuild() {
        List<String> problems = new ArrayList<>();
        collect(document, "", (where, node) -> {
            if (node.has("allOf")) problems.add(where + ": allOf (generators lose the nullability of its parts)");
            if (node.path("additionalProperties").isBoolean() && !node.path("additionalProperties").asBoolean()) {
                problems.add(where + ": additionalProperties: false (generators then drop unlisted keys everywhere)");
            }
        });
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        JsonNode details = document.at("/components/schemas/Error/properties/error/properties/details/properties");
        for (String key : List.of("field", "violations", "limit", "appId", "methodId", "allowedMethods", "requestId")) {
            assertTrue(details.has(key), "Error.details lists " + key);
        }
        JsonNode meta = document.at("/components/schemas/MethodCallMeta/properties");
        for (String key : List.of("method", "plugin", "executionId", "version", "kept", "secret", "missing")) {
            assertTrue(meta.has(key), "MethodCallMeta lists " + key);
        }
        assertEquals("{scheme}://{host}", document.at("/servers/0/url").asText());
        assertEquals("localhost:7070", document.at("/servers/0/variables/host/default").asText());
        assertEquals("#/components/schemas/Error",
                document.at("/components/responses/MethodNotAllowed/content/application~1json/schema/$ref").asText());
        assertEquals("#/components/schemas/Error",
                document.at("/components/responses/RouteNotFound/content/application~1json/schema/$ref").asText());
        for (String route : List.of("/api/apps/{appId}/methods/{methodId}", "/run/{appId}/{path}")) {
            assertEquals("[{},{\"bearerAuth\":[]}]", document.path("paths").path(route).path("post").path("security")
                    .toString(), route + " accepts anonymous calls");
        }
    }

    @Test
    void isAlsoServedAsJson() throws IOException {
        Response response = expect(200, host.get("/api/openapi.json", null));
        assertEquals("application/json", response.headers().get("Content-Type").get(0));
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body(response));
        JsonNode yaml = new YAMLMapper().readTree(body(expect(200, host.get("/api/openapi.yaml", null))));
        String fromYaml = yaml.toString();
        String fromJson = json.toString();
        int at = 0;
        while (at < Math.min(fromYaml.length(), fromJson.length()) && fromYaml.charAt(at) == fromJson.charAt(at)) at++;
        int from = Math.max(0, at - 80);
        int differsAt = at;
        assertEquals(fromYaml, fromJson, () -> "YAML and JSON differ at " + differsAt + ": ..."
                + fromYaml.substring(from, Math.min(fromYaml.length(), differsAt + 80)) + "... / ..."
                + fromJson.substring(from, Math.min(fromJson.length(), differsAt + 80)));
    }

    @Test
    void followsPluginsAsTheyAreDisabledAndEnabled() throws IOException {
        String admin = host.adminToken();
        String path = "/api/apps/{appId}/methods/session.set-parameters";
        try {
            expect(200, host.post("/api/plugins/session-plugin/disable", "", admin));
            JsonNode without = new YAMLMapper().readTree(body(expect(200, host.get("/api/openapi.yaml", null))));
            assertTrue(without.path("paths").path(path).isMissingNode(), "a disabled plugin's methods are gone");
            assertTrue(without.at("/components/schemas/SessionSetParametersInputs").isMissingNode());
            assertTrue(without.path("paths").has("/api/apps/{appId}/methods/{methodId}"));
        } finally {
            expect(200, host.post("/api/plugins/session-plugin/enable", "", admin));
        }
        JsonNode with = new YAMLMapper().readTree(body(expect(200, host.get("/api/openapi.yaml", null))));
        assertTrue(with.path("paths").has(path), "back when enabled");
    }

    private static void collect(JsonNode node, String where, BiConsumer<String, JsonNode> action) {
        if (node.isObject()) {
            action.accept(where, node);
            node.properties().forEach(entry -> collect(entry.getValue(), where + "/" + entry.getKey(), action));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) collect(node.get(i), where + "/" + i, action);
        }
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
