package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.testtools.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} after a session's life, refused writes, method calls and a flow: the session series by scope,
 * operation, reason, plugin and method, app and outcome are there with the right counts; {@code promtool check
 * metrics} (Debian's {@code prometheus} package, installed by {@code host-app/src/test/install-promtool.sh} when
 * missing) finds no problem; the OpenMetrics format is answered when asked for.
 *
 * <p>promtool missing and not installable fails this test naming it; it never skips.
 */
class MetricsFormatTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass();

    private static final String APP = """
            {"id": "shop", "name": "Shop", "flows": [
              {"id": "hello", "trigger": {"method": "POST", "path": "/hello", "auth": "NONE"},
               "steps": [{"id": "set", "method": "session.set-parameters",
                  "input": {"parameters": [{"name": "greeting", "dataType": "STRING",
                    "valueType": "EXPRESSION", "value": "{{ message.greeting }}"}]}}]}]}""";

    private static String text;

    @BeforeAll
    static void liveASessionsLifeRefuseWritesAndRunAFlow() {
        String admin = host.adminToken();
        expect(200, host.call("default", "session.set-parameters", "{\"inputs\": {\"scope\": \"GLOBAL\", "
                + "\"parameters\": [{\"name\": \"n\", \"dataType\": \"INTEGER\", \"value\": 1}]}}", admin));
        String token = TestHost.json(expect(200, host.call("default", "session.start", "{}", null)))
                .path("output").path("token").asText();
        expect(200, host.call("default", "session.end", "{\"inputs\": {\"scope\": \"TOKEN\", \"token\": \""
                + token + "\"}}", null));
        assertError(413, "VALUE_TOO_LARGE", host.call("default", "session.set-parameters", "{\"inputs\": {\"scope\": "
                + "\"GLOBAL\", \"parameters\": [{\"name\": \"big\", \"dataType\": \"STRING\", \"value\": \""
                + "x".repeat(70_000) + "\"}]}}", admin));
        assertError(409, "VERSION_CONFLICT", host.call("default", "session.set-parameters", "{\"inputs\": {\"scope\": "
                + "\"GLOBAL\", \"expectedVersion\": 999, \"parameters\": [{\"name\": \"n\", \"dataType\": "
                + "\"INTEGER\", \"value\": 2}]}}", admin));
        expect(201, host.post("/api/apps", APP, admin));
        expect(200, host.post("/run/shop/hello", "{\"greeting\": \"hi\"}", null));
        expect(200, host.post("/run/shop/hello", "{\"greeting\": \"again\"}", null));
        text = body(expect(200, host.get("/metrics", null)));
    }

    @Test
    void sessionSeriesBySessionScopeOperationReasonMethodAndFlow() {
        assertEquals(1.0, sample("sessionkit_sessions_started_total\\{scope=\"token\"\\}"));
        assertEquals(1.0, sample("sessionkit_sessions_started_total\\{scope=\"global\"\\}"), "the admin's first use");
        for (String scope : List.of("global", "token", "shared")) {
            assertEquals(0.0, sample("sessionkit_session_expirations_total\\{scope=\"" + scope + "\"\\}"), scope);
        }
        assertEquals(1.0, sample("sessionkit_sessions_ended_total\\{scope=\"token\"\\}"));
        assertTrue(sample("sessionkit_sessions_started_total\\{scope=\"local\"\\}") >= 2, "two flow executions");
        assertTrue(sample("sessionkit_sessions_ended_total\\{scope=\"local\"\\}") >= 2);
        assertEquals(0.0, sample("sessionkit_sessions_live\\{scope=\"token\"\\}"));
        assertTrue(sample("sessionkit_sessions_live\\{scope=\"global\"\\}") >= 1);
        assertTrue(sample("sessionkit_session_operations_seconds_count\\{operation=\"put\",outcome=\"ok\"\\}") >= 3);
        assertEquals(2.0, sample("sessionkit_session_operations_seconds_count\\{operation=\"put\",outcome=\"failed\"\\}"));
        assertTrue(sample("sessionkit_session_operations_seconds_sum\\{operation=\"put\",outcome=\"ok\"\\}") > 0);
        assertEquals(1.0, sample("sessionkit_session_writes_refused_total\\{code=\"VALUE_TOO_LARGE\",status=\"413\"\\}"));
        assertEquals(1.0, sample("sessionkit_session_writes_refused_total\\{code=\"VERSION_CONFLICT\",status=\"409\"\\}"));
        assertTrue(sample("sessionkit_method_calls_total\\{method=\"session.set-parameters\",outcome=\"ok\","
                + "plugin=\"session-plugin\"\\}") >= 3);
        assertEquals(2.0, sample("sessionkit_method_calls_total\\{method=\"session.set-parameters\",outcome=\"failed\","
                + "plugin=\"session-plugin\"\\}"));
        assertEquals(1.0, sample("sessionkit_method_calls_total\\{method=\"session.start\",outcome=\"ok\","
                + "plugin=\"session-plugin\"\\}"));
        assertEquals(2.0, sample("sessionkit_flow_executions_total\\{app=\"shop\",outcome=\"ok\"\\}"));
        assertEquals(0.0, sample("sessionkit_flow_executions_total\\{app=\"shop\",outcome=\"timed_out\"\\}"));
    }

    @Test
    void everySeriesHasHelpText() {
        List<String> withoutHelp = new ArrayList<>();
        Matcher types = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(text);
        while (types.find()) {
            String name = types.group(1);
            Matcher help = Pattern.compile("(?m)^# HELP " + Pattern.quote(name) + " (.*)$").matcher(text);
            if (!help.find() || help.group(1).isBlank()) withoutHelp.add(name);
        }
        assertTrue(withoutHelp.isEmpty(), () -> "series without help text: " + withoutHelp);
    }

    @Test
    void promtoolFindsNoProblem() throws Exception {
        Path promtool = Tools.promtool();
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, check.exitValue(), () -> "promtool check metrics found problems in GET /metrics:\n" + output);
        assertEquals("", output.strip(), "promtool's lint output");
    }

    @Test
    void answersOpenMetricsWhenAskedForIt() {
        Response response = expect(200, host.send("/metrics",
                request -> request.header("Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5"),
                request -> request.get()));
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                response.headers().get("Content-Type").get(0));
        String open = body(response);
        assertTrue(open.endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        assertTrue(open.contains("# TYPE sessionkit_sessions_started counter"), open);
        assertTrue(open.contains("sessionkit_sessions_started_total{scope=\"token\"} 1.0"), open);
        String plain = host.get("/metrics", null).headers().get("Content-Type").get(0);
        assertTrue(plain.startsWith("text/plain; version=0.0.4"), plain);
    }

    @Test
    void theGrafanaDashboardQueriesOnlySeriesTheHostExports() throws IOException {
        String dashboard = Files.readString(Path.of("../docs/grafana/sessionkit-dashboard.json"));
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboard); // valid JSON
        // On Redis only: the round trips of a shared store.
        List<String> clusterOnly = List.of("sessionkit_session_store_operations_seconds_count");
        Matcher names = Pattern.compile("\\b((?:sessionkit|http_server|jvm|process)_[a-z_]+)\\b").matcher(dashboard);
        List<String> missing = new ArrayList<>();
        while (names.find()) {
            String name = names.group(1);
            if (!clusterOnly.contains(name) && !Pattern.compile("(?m)^" + name + "[{ ]").matcher(text).find()) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), () -> "docs/grafana/sessionkit-dashboard.json queries series that GET /metrics "
                + "does not have: " + missing);
    }

    private static double sample(String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(text);
        if (!matcher.find()) throw new AssertionError("no sample " + name + " in:\n" + text);
        return Double.parseDouble(matcher.group(1));
    }

    /** Finds promtool, installing Debian's prometheus package when it is missing. */
    static final class Tools {
        private static Path promtool;

        static synchronized Path promtool() throws IOException, InterruptedException {
            if (promtool == null) promtool = locate();
            if (promtool == null) {
                Process install = new ProcessBuilder("sh", "src/test/install-promtool.sh").redirectErrorStream(true)
                        .start();
                String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                install.waitFor(10, TimeUnit.MINUTES);
                promtool = locate();
                if (promtool == null) {
                    throw new AssertionError("The metrics format test needs promtool (Debian package 'prometheus'), "
                            + "but it is missing and could not be installed. Install it with 'sudo "
                            + "host-app/src/test/install-promtool.sh' (or 'sudo apt-get install prometheus'), or "
                            + "point -Dsessionkit.promtool at it. " + output);
                }
            }
            return promtool;
        }

        private static Path locate() {
            List<Path> candidates = new ArrayList<>();
            String named = System.getProperty("sessionkit.promtool");
            if (named != null) candidates.add(Path.of(named));
            candidates.add(Path.of("/usr/bin/promtool"));
            for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!entry.isEmpty()) candidates.add(Path.of(entry, "promtool"));
            }
            return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
        }
    }
}
