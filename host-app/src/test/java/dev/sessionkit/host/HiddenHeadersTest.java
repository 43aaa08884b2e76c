package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expressions never read credentials from the request: Authorization, Proxy-Authorization and Cookie always, and the
 * headers of the hidden-request-headers setting.
 */
class HiddenHeadersTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass(config -> config.hiddenRequestHeaders = Set.of("X-Api-Key"));

    /** A Set Parameters row that renders every header the test sends, between bars. */
    private static final String ROW = """
            {"name": "seen", "dataType": "STRING", "valueType": "EXPRESSION", "value": "%s"}""".formatted(
            "{{ request.headers.authorization }}|{{ request.headers.Proxy-Authorization }}|"
                    + "{{ request.headers.cookie }}|{{ request.headers.x-api-key }}|{{ request.headers.x-visible }}");

    @Test
    void aDirectCallNeverSeesCredentialHeaders() {
        String admin = host.adminToken();
        String body = "{\"inputs\": {\"parameters\": [" + ROW + "]}}";
        String seen = json(expect(200, host.send("/api/apps/default/methods/session.set-parameters", request -> {
            request.header("Authorization", "Bearer " + admin);
            request.header("Proxy-Authorization", "Basic cHJveHk6c2VjcmV0");
            request.header("Cookie", "sid=secret");
            request.header("X-API-Key", "k-secret");
            request.header("X-Visible", "shown");
        }, request -> request.post(BodyPublishers.ofString(body))))).path("output").path("seen").asText();
        assertEquals("||||shown", seen);
    }

    @Test
    void aTestRunNeverSeesTheCredentialHeadersItSimulates() {
        host.createApp("""
                {"id": "headers", "flows": [{"id": "f", "trigger": {"method": "POST", "path": "/f"}, "steps": [
                  {"id": "s", "method": "session.set-parameters", "input": {"parameters": [%s]},
                   "output": {"target": "out"}}]}]}""".formatted(ROW));
        String seen = json(expect(200, host.post("/api/apps/headers/flows/f/test", """
                {"headers": {"Authorization": "Bearer x", "proxy-authorization": "Basic y", "Cookie": "sid=z",
                             "x-api-key": "k", "X-Visible": "shown"}}""", host.adminToken())))
                .path("response").path("out").path("seen").asText();
        assertEquals("||||shown", seen);
    }
}
