package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sends generated malformed and extreme inputs ({@link FuzzInputs}) to every route the running host registers — read
 * from its router, so a new route is fuzzed without changing this test — as anonymous, user, builder and admin
 * callers, and checks after each request:
 * <ul>
 *   <li>the status is never a 5xx;</li>
 *   <li>a 4xx answers the JSON error shape {@code {"error": {"code", "message", "details"}}};</li>
 *   <li>a 4xx changed nothing stored: apps, users, plugins and the values of every session are as before.</li>
 * </ul>
 * Bounded and repeatable: {@value #TRIES_PER_ROUTE} tries per route, more for the routes that take values, messages
 * and apps (about 430 requests), then a sweep of 16 extremes through 13 requests the host otherwise accepts; about
 * half a minute in all. The random part uses the fixed seed {@value #SEED}; a failure names the try, so it can be
 * replayed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteFuzzTest {
    private static final long SEED = 20_261_204L;
    private static final int TRIES_PER_ROUTE = 8;
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}|<([^>/]+)>");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestHost host = TestHost.perClass();

    private final FuzzInputs inputs = new FuzzInputs(SEED);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Known values of each path parameter, so that requests also reach past the lookups. */
    private final Map<String, List<String>> known = new TreeMap<>();

    @BeforeAll
    void storeDataToProtect() {
        String admin = host.adminToken();
        host.createUser("bea", "builder");
        String umaId = host.createUser("uma", "user");
        host.createApp("""
                {"id": "fuzz", "flows": [
                  {"id": "root", "trigger": {"method": "POST", "path": "/", "auth": "NONE"}, "steps": [
                    {"id": "keep", "method": "session.manage", "input": {"operation": "PUT_DATA", "fields": ["b"]},
                     "output": {"target": "kept.b"}}]},
                  {"id": "in", "trigger": {"method": "POST", "path": "/in", "auth": "NONE"}, "steps": [
                    {"id": "keep", "method": "session.set-parameters", "input": {"parameters": [
                      {"name": "echo", "dataType": "STRING", "valueType": "EXPRESSION",
                       "value": "{{ message.b }}-{{ message.b }}"}]}, "output": {"target": "out"}}]},
                  {"id": "items", "trigger": {"method": "PUT", "path": "/items/{id}"}, "steps": [
                    {"id": "each", "type": "for-each", "items": "{{ message.items }}", "steps": [
                      {"id": "get", "method": "session.manage",
                       "input": {"operation": "GET_DATA", "sessionType": "GLOBAL", "fields": ["cart"]}}],
                     "target": "results"}]}]}""");
        for (String token : List.of(admin, login("bea"), login("uma"))) {
            for (String app : List.of("default", "fuzz")) {
                expect(200, host.call(app, "session.set-parameters", "{\"inputs\": {\"scope\": \"GLOBAL\", "
                        + "\"parameters\": [{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 3}]}}", token));
            }
        }
        expect(200, host.call("fuzz", "session.start", "{\"inputs\": {\"name\": \"settings\"}}", admin));
        expect(200, host.call("fuzz", "session.set-parameters", "{\"inputs\": {\"scope\": \"SHARED\", "
                + "\"sessionName\": \"settings\", \"parameters\": [{\"name\": \"theme\", \"dataType\": \"STRING\", "
                + "\"value\": \"dark\"}]}}", admin));
        String executionId = expect(200, host.post("/run/fuzz/in", "{\"b\": \"x\"}", null)).headers()
                .get("X-Execution-Id").get(0);

        known.put("appId", List.of("default", "fuzz"));
        known.put("flowId", List.of("root", "in", "items"));
        known.put("executionId", List.of(executionId));
        known.put("path", List.of("in", "items/1", "items"));
        known.put("sessionId", List.of("global:" + umaId));
        // Every method once, and those FuzzInputs has nearly valid calls for twice more.
        List<String> methods = new ArrayList<>(List.of("session.exists", "session.set-parameters",
                "session.get-parameters", "session.manage", "session.start", "session.exists", "session.set-parameters",
                "session.get-parameters", "session.manage", "session.start"));
        TestHost.json(expect(200, host.get("/api/plugins", admin))).forEach(plugin -> plugin.path("methods")
                .forEach(method -> methods.add(method.path("id").asText())));
        known.put("methodId", methods);
        // Plugin and user ids stay junk: removing the session plugin or a user is a valid request, not a fuzz one.
    }

    private String login(String username) {
        return host.login(username, TestHost.password(username));
    }

    /** One route of the host: its method and its Javalin path template. */
    private record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Route> routes() {
        TreeSet<String> seen = new TreeSet<>();
        List<Route> routes = new ArrayList<>();
        for (ParsedEndpoint parsed : host.host().javalin().unsafe.internalRouter.allHttpHandlers()) {
            if (parsed.endpoint.method.isHttpMethod()
                    && seen.add(parsed.endpoint.method.name() + " " + parsed.endpoint.path)) {
                routes.add(new Route(parsed.endpoint.method.name(), parsed.endpoint.path));
            }
        }
        routes.sort((a, b) -> a.toString().compareTo(b.toString()));
        return routes;
    }

    @Test
    void noInputGivesA5xxOrAnotherErrorShapeOrChangesStoredDataWhenRefused() throws Exception {
        List<Route> routes = routes();
        assertTrue(routes.size() > 30, routes::toString);
        List<Route> schedule = schedule(routes);
        int refused = 0;
        Map<String, Integer> answers = new TreeMap<>();
        for (int attempt = 0; attempt < schedule.size(); attempt++) {
            Route route = schedule.get(attempt);
            String uri = uri(route);
            byte[] body = body(route, uri);
            String contentType = inputs.chance(0.85) ? inputs.oneOf("application/json",
                    "application/json; charset=utf-8", "application/vnd.fuzz+json")
                    : inputs.oneOf("text/plain", null, ";;", "application/x-www-form-urlencoded");
            String authorization = switch (inputs.random().nextInt(12)) {
                case 0 -> null;
                case 1, 2 -> "Bearer " + login("uma");
                case 3, 4 -> "Bearer " + login("bea");
                case 5 -> "Bearer " + inputs.oneOf("garbage", "a.b.c", "x".repeat(2_000));
                case 6 -> inputs.oneOf("Basic YWRtaW46eA==", "Bearer", "bearer  ");
                default -> "Bearer " + host.adminToken();
            };
            int status = exchange("try " + attempt + " (seed " + SEED + ")", route.method(), uri, body, contentType,
                    authorization, answers);
            if (status >= 400) refused++;
        }
        System.out.println("RouteFuzzTest: " + schedule.size() + " requests to " + routes.size()
                + " routes answered " + answers);
        assertTrue(refused > schedule.size() / 2, "most fuzzed requests are refused: " + answers);
    }

    /**
     * Every extreme of {@link FuzzInputs#EXTREMES} inside each request of {@link #NEARLY_VALID}, which the host would
     * otherwise accept: so each extreme surely reaches the store, the expressions, the flows and the answers, whatever
     * the random choices of the other test.
     */
    @Test
    void everyExtremeInsideAnOtherwiseValidRequestIsAnsweredCleanly() throws Exception {
        Map<String, Integer> answers = new TreeMap<>();
        int index = 0;
        for (String request : NEARLY_VALID) {
            String[] parts = request.split(" ", 3);
            for (String extreme : FuzzInputs.EXTREMES) {
                String body = parts[2].replace("%ID%", "extreme-" + index++).replace("%X%", extreme);
                exchange("extreme " + shortened(extreme), parts[0], parts[1],
                        body.getBytes(StandardCharsets.UTF_8), "application/json", "Bearer " + host.adminToken(),
                        answers);
            }
        }
        System.out.println("RouteFuzzTest: extremes answered " + answers);
    }

    /** Requests the host accepts, as "METHOD path body", with {@code %X%} where an extreme goes. */
    private static final List<String> NEARLY_VALID = List.of(
            "POST /api/apps/default/methods/session.exists {\"message\": {\"b\": %X%}}",
            "POST /api/apps/default/methods/session.set-parameters {\"inputs\": {\"parameters\": [{\"name\": \"n\", "
                    + "\"dataType\": \"NUMBER\", \"value\": %X%}]}}",
            "POST /api/apps/default/methods/session.set-parameters {\"inputs\": {\"scope\": \"GLOBAL\", "
                    + "\"parameters\": [{\"name\": \"o\", \"dataType\": \"OBJECT\", \"value\": {\"x\": %X%}}]}}",
            "POST /api/apps/default/methods/session.set-parameters {\"inputs\": {\"scope\": \"GLOBAL\", "
                    + "\"parameters\": [{\"name\": \"t\", \"dataType\": \"STRING\", \"valueType\": \"EXPRESSION\", "
                    + "\"value\": \"{{ message.b }} and {{ message.b }}\"}]}, \"message\": {\"b\": %X%}}",
            "POST /api/apps/default/methods/session.manage {\"inputs\": {\"operation\": \"PUT_DATA\", "
                    + "\"sessionType\": \"GLOBAL\", \"fields\": [\"b\"]}, \"message\": {\"b\": %X%}}",
            "POST /api/apps/default/methods/session.update-parameters {\"inputs\": {\"scope\": \"GLOBAL\", "
                    + "\"operations\": [{\"operation\": \"append\", \"name\": \"l\", \"value\": %X%}, "
                    + "{\"operation\": \"increment\", \"name\": \"n\", \"value\": %X%}]}}",
            "POST /api/apps/default/methods/session.update-parameters {\"inputs\": {\"scope\": \"GLOBAL\", "
                    + "\"operations\": [{\"operation\": \"merge\", \"name\": \"o\", \"path\": \"a.b\", "
                    + "\"value\": {\"x\": %X%}}, {\"operation\": \"remove\", \"name\": \"l\", \"value\": %X%}, "
                    + "{\"operation\": \"increment\", \"name\": \"d\", \"dataType\": \"NUMBER\", \"value\": %X%}]}}",
            "POST /api/apps/default/methods/session.manage {\"inputs\": {\"operation\": \"APPEND_DATA\", "
                    + "\"sessionType\": \"GLOBAL\", \"fields\": [\"b\"]}, \"message\": {\"b\": %X%}}",
            "POST /api/apps/default/methods/session.manage {\"inputs\": {\"operation\": \"GET_DATA\", "
                    + "\"sessionType\": \"GLOBAL\", \"fields\": [\"cart.a.b.c\"]}, \"message\": {\"b\": %X%}}",
            "POST /run/fuzz {\"b\": %X%}",
            "POST /run/fuzz/in {\"b\": %X%}",
            "PUT /run/fuzz/items/1 {\"items\": [{\"x\": %X%}, %X%]}",
            "POST /api/apps/fuzz/flows/in/test {\"message\": {\"b\": %X%}}",
            "POST /api/apps {\"id\": \"%ID%\", \"flows\": [{\"id\": \"f\", \"trigger\": {\"method\": \"POST\", "
                    + "\"path\": \"/f\"}, \"steps\": [{\"id\": \"s\", \"method\": \"session.set-parameters\", "
                    + "\"input\": {\"parameters\": [{\"name\": \"n\", \"dataType\": \"NUMBER\", \"value\": %X%}]}}]}]}",
            "POST /api/users {\"username\": \"%ID%\", \"password\": %X%, \"roleId\": \"user\"}",
            "POST /api/auth/login {\"username\": \"admin\", \"password\": %X%}");

    /**
     * @return the routes in the order they are tried: each {@value #TRIES_PER_ROUTE} times, the ones that take
     *         session values, messages, templates and app definitions several times more, taking turns
     */
    private static List<Route> schedule(List<Route> routes) {
        List<Route> schedule = new ArrayList<>();
        for (int round = 0; round < 8 * TRIES_PER_ROUTE; round++) {
            for (Route route : routes) {
                if (round < weight(route) * TRIES_PER_ROUTE) schedule.add(route);
            }
        }
        return schedule;
    }

    private static int weight(Route route) {
        String path = route.path();
        if (path.endsWith("/methods/{methodId}")) return 8;
        boolean writes = !route.method().equals("GET") && !route.method().equals("DELETE");
        boolean runs = path.startsWith("/run") && (route.method().equals("POST") || route.method().equals("PUT"));
        if (writes && (path.startsWith("/api/apps") && !path.contains("/sessions")) || runs) {
            return 2;
        }
        return 1;
    }

    // --------------------------------------------------------------------------------------------- requests

    /**
     * @return the route's path with each parameter filled: a known value or junk, percent-encoded. The last parameter
     *         of a DELETE is always junk: deleting a real app is a valid request, and would leave little to fuzz.
     */
    private String uri(Route route) {
        Matcher parameter = PARAMETER.matcher(route.path());
        StringBuilder path = new StringBuilder();
        int last = 0;
        for (Matcher counter = PARAMETER.matcher(route.path()); counter.find(); ) last = counter.start();
        while (parameter.find()) {
            String name = parameter.group(1) != null ? parameter.group(1) : parameter.group(2);
            List<String> values = route.method().equals("DELETE") && parameter.start() == last ? null
                    : known.get(name);
            String value = values != null && inputs.chance(0.85)
                    ? values.get(inputs.random().nextInt(values.size()))
                    : inputs.oneOf("x", "..", "-", "a b", "%", "ü😀", "session-plugin-x", "x".repeat(300),
                            "9".repeat(41));
            parameter.appendReplacement(path, Matcher.quoteReplacement(encode(value, parameter.group(2) != null)));
        }
        parameter.appendTail(path);
        if (route.method().equals("GET") && inputs.chance(0.4)) {
            path.append('?').append(inputs.oneOf("userId", "scope", "limit", "ref")).append('=')
                    .append(encode(inputs.oneOf("GLOBAL", "-1", "99999999999999", "1e999999999", "", "x".repeat(500)),
                            false));
        }
        return path.toString();
    }

    private static String encode(String value, boolean keepSlashes) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        return keepSlashes ? encoded.replace("%2F", "/") : encoded;
    }

    /** @return a body for the route: not JSON, extreme JSON, or shaped like the route's own with extremes inside */
    private byte[] body(Route route, String uri) {
        if (route.method().equals("GET") && inputs.chance(0.7)) return null;
        if (inputs.chance(0.2)) return inputs.malformed();
        return jsonBody(route, uri).getBytes(StandardCharsets.UTF_8);
    }

    private String jsonBody(Route route, String uri) {
        if (inputs.chance(0.25)) return inputs.chance(0.5) ? inputs.object(0) : inputs.value(0);
        String path = route.path();
        if (path.endsWith("/methods/{methodId}")) {
            String methodId = URLDecoder.decode(uri.substring(uri.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
            String call = inputs.nearlyValidCall(methodId);
            if (call != null && inputs.chance(0.6)) return call;
            return "{\"inputs\":" + (inputs.chance(0.9) ? inputs.methodInputs() : inputs.value(1))
                    + (inputs.chance(0.7) ? ",\"message\":" + inputs.message() : "") + "}";
        }
        if (path.equals("/api/apps") || path.equals("/api/apps/{appId}")) {
            String id = uri.startsWith("/api/apps/") ? uri.substring("/api/apps/".length())
                    : inputs.oneOf("fuzz2", "x", "", inputs.text());
            return inputs.app(inputs.chance(0.8) ? id : inputs.text());
        }
        if (path.equals("/api/auth/login") || path.equals("/api/users")) {
            return "{\"username\":" + inputs.value(1) + ",\"password\":" + inputs.value(1)
                    + (inputs.chance(0.5) ? ",\"roleId\":" + inputs.value(1) : "") + "}";
        }
        if (path.endsWith("/test")) {
            return "{\"message\":" + inputs.message() + ",\"asUser\":" + inputs.value(1) + ",\"headers\":"
                    + inputs.object(1) + ",\"query\":" + inputs.value(1) + "}";
        }
        if (path.contains("/marketplace/") || path.endsWith("/update")) {
            return "{\"version\":" + FuzzInputs.quote(inputs.oneOf("1.0.0/../../x", "1.0.0", "../x", inputs.text()))
                    + "}";
        }
        if (path.startsWith("/run") && inputs.chance(0.5)) {
            return "{\"b\":" + inputs.extreme() + ",\"items\":[" + inputs.value(2) + "," + inputs.message() + "]}";
        }
        return inputs.message(); // a flow trigger's message, or a body a route ignores
    }

    /**
     * Sends one request and checks its answer: never a 5xx; a 4xx in the error shape, with stored data unchanged.
     *
     * @param label         names the request in a failure (the try and the seed, to replay it)
     * @param answers       counts each status and error code answered
     * @return the status
     */
    private int exchange(String label, String method, String uri, byte[] body, String contentType,
                         String authorization, Map<String, Integer> answers) throws Exception {
        host.clock().advance(Duration.ofMillis(1)); // a logout-everywhere never revokes the next sign-ins
        JsonNode before = stored();
        URI address = URI.create("http://localhost:" + host.host().port() + uri);
        HttpRequest.Builder request = HttpRequest.newBuilder(address)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (contentType != null) request.header("Content-Type", contentType);
        if (authorization != null) request.header("Authorization", authorization);
        if (inputs.chance(0.2)) request.header("X-Request-Id", inputs.oneOf("ok-1", "bad id", "x".repeat(100)));
        String sent = label + ": " + method + " " + shortened(uri) + " with "
                + (body == null ? "no body" : shortened(new String(body, StandardCharsets.UTF_8)));
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError("no answer to " + sent, e);
        }
        String what = sent + " answered " + response.statusCode() + " "
                + shortened(new String(response.body(), StandardCharsets.UTF_8));
        assertTrue(response.statusCode() < 500, what);
        answers.merge(response.statusCode() + " " + errorCode(response), 1, Integer::sum);
        if (response.statusCode() >= 400) {
            assertErrorShape(response, what);
            assertEquals(before, stored(), "stored data changed by a refused request, " + what);
        }
        return response.statusCode();
    }

    // --------------------------------------------------------------------------------------------- checks

    private static String errorCode(HttpResponse<byte[]> response) {
        if (response.statusCode() < 400) return "";
        try {
            return JSON.readTree(response.body()).path("error").path("code").asText();
        } catch (IOException e) {
            return "(not JSON)";
        }
    }

    private static void assertErrorShape(HttpResponse<byte[]> response, String what) {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("")
                .split(";")[0].trim(), what);
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            fail("not JSON, " + what);
            return;
        }
        JsonNode error = body.path("error");
        assertTrue(error.path("code").isTextual() && !error.path("code").asText().isBlank(), what);
        assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), what);
        assertTrue(error.path("details").isObject(), what);
        assertEquals(1, body.size(), what);
    }

    /**
     * What a refused request must not change: apps, users, plugins (id, version, state) and, in every app, each
     * session's id, scope, name, key count, bytes, version and values. Left out: expiry times (reads renew them), and
     * GLOBAL sessions holding only the identity they are created with (a read creates one; it holds nothing).
     */
    private JsonNode stored() {
        String admin = host.adminToken();
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        JsonNode apps = TestHost.json(expect(200, host.get("/api/apps", admin)));
        state.set("apps", apps);
        state.set("users", TestHost.json(expect(200, host.get("/api/users", admin))));
        ArrayNode plugins = state.putArray("plugins");
        TestHost.json(expect(200, host.get("/api/plugins", admin))).forEach(plugin -> plugins.addObject()
                .put("id", plugin.path("id").asText()).put("version", plugin.path("version").asText())
                .put("state", plugin.path("state").asText()));
        ObjectNode sessions = state.putObject("sessions");
        for (JsonNode app : apps) {
            String appId = app.path("id").asText();
            Map<String, JsonNode> byId = new TreeMap<>();
            JsonNode listed = TestHost.json(expect(200, host.get("/api/apps/" + appId + "/sessions?limit=500",
                    admin)));
            for (JsonNode session : listed.path("sessions")) {
                if (session.path("scope").asText().equals("LOCAL")) continue; // of executions in flight: none
                String id = session.path("id").asText();
                JsonNode values = TestHost.json(expect(200, host.get("/api/apps/" + appId + "/sessions/"
                        + URLEncoder.encode(id, StandardCharsets.UTF_8), admin))).path("values");
                List<String> names = new ArrayList<>();
                values.fieldNames().forEachRemaining(names::add);
                if (session.path("scope").asText().equals("GLOBAL")
                        && new TreeSet<>(names).equals(new TreeSet<>(List.of("username", "roleId")))) {
                    continue;
                }
                Map<String, Object> kept = new LinkedHashMap<>();
                for (String field : List.of("scope", "name", "keyCount", "bytes", "version")) {
                    kept.put(field, session.path(field));
                }
                kept.put("values", values);
                byId.put(id, JSON.valueToTree(kept));
            }
            sessions.set(appId, JSON.valueToTree(byId));
        }
        assertFalse(sessions.isEmpty());
        return state;
    }

    private static String shortened(String text) {
        if (text == null) return "no body";
        return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " characters)" : text;
    }
}
