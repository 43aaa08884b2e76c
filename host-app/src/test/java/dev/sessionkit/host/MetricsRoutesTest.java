package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.testtools.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics}: Prometheus text with request timers by route template, store and plugin gauges. */
class MetricsRoutesTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass();

    @Test
    void countsRequestsByRouteTemplateAndShowsStoreAndPluginGauges() {
        String token = host.adminToken();
        for (int i = 0; i < 3; i++) {
            expect(200, host.call("default", "session.set-parameters", "{\"inputs\": {\"scope\": \"GLOBAL\", "
                    + "\"parameters\": [{\"name\": \"n\", \"dataType\": \"INTEGER\", \"value\": " + i + "}]}}", token));
        }
        expect(404, host.get("/api/no-such-route/" + token.substring(0, 8), token));

        Response response = expect(200, host.get("/metrics", null));
        assertTrue(response.headers().get("Content-Type").get(0).startsWith("text/plain"));
        String text = scrapeOnceRecorded();
        assertEquals(3.0, sample(text, "http_server_requests_seconds_count\\{method=\"POST\","
                + "route=\"/api/apps/\\{appId\\}/methods/\\{methodId\\}\",status=\"200\"\\}"));
        assertTrue(sample(text, "http_server_requests_seconds_count\\{method=\"GET\",route=\"UNMATCHED\","
                + "status=\"404\"\\}") >= 1);
        assertFalse(text.contains(token.substring(0, 8)), "a raw path reached a tag");
        assertTrue(sample(text, "sessionkit_session_store_bytes") > 0);
        assertEquals(1.0, sample(text, "sessionkit_plugins_started"));
        assertTrue(text.contains("jvm_memory_used_bytes"));
    }

    @Test
    void isOpenToAnyoneEvenWithAStaleHeader() {
        expect(200, host.send("/metrics", request -> request.header("Authorization", "Bearer stale"),
                io.javalin.testtools.Request.Builder::get));
    }

    /**
     * The request log (and so the timer) runs once a response is written, so the client can see an answer a moment
     * before its request is counted: scrape until the 404 above is counted, for at most 5 seconds.
     */
    private static String scrapeOnceRecorded() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String text = body(expect(200, host.get("/metrics", null)));
        while (!text.contains("route=\"UNMATCHED\",status=\"404\"") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            text = body(expect(200, host.get("/metrics", null)));
        }
        return text;
    }

    private static double sample(String text, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(text);
        if (!matcher.find()) throw new AssertionError("no sample " + name + " in:\n" + text);
        return Double.parseDouble(matcher.group(1));
    }
}
