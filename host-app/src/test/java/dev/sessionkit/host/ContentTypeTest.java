package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JSON routes read only bodies declared as JSON (415 otherwise), so a form on another site cannot post to them; flow
 * triggers accept the media types their flow lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentTypeTest {
    @RegisterExtension
    final TestHost host = TestHost.perClass();

    private final HttpClient client = HttpClient.newHttpClient();
    private String admin;

    @BeforeAll
    void start() {
        admin = host.adminToken();
        expect(201, host.post("/api/apps", """
                {"id": "forms", "flows": [
                  {"id": "json", "trigger": {"method": "POST", "path": "/json", "auth": "NONE"}, "steps": []},
                  {"id": "sns", "trigger": {"method": "POST", "path": "/sns", "auth": "NONE",
                                            "contentTypes": ["application/json", "Text/Plain"]}, "steps": []},
                  {"id": "any", "trigger": {"method": "POST", "path": "/any", "auth": "NONE",
                                            "contentTypes": ["*/*"]}, "steps": []}]}""", admin));
    }

    /** An answer: status and body. */
    private record Answer(int status, JsonNode body) {
        String code() {
            return body.path("error").path("code").asText();
        }
    }

    /** Sends a request with exactly the given Content-Type (none when null) and token (none when null). */
    private Answer send(String method, String path, String contentType, String body, String token) {
        URI address = URI.create("http://localhost:" + host.host().port() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(address)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) request.header("Content-Type", contentType);
        if (token != null) request.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? null
                    : json(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> accepted(Answer refused) {
        List<String> types = new ArrayList<>();
        refused.body().path("error").path("details").path("accepted").forEach(type -> types.add(type.asText()));
        return types;
    }

    private boolean settingsExist() {
        return TestHost.json(expect(200, host.call("default", "session.exists",
                "{\"inputs\": {\"scope\": \"SHARED\", \"sessionName\": \"settings\"}}", admin)))
                .path("output").asBoolean();
    }

    @Test
    void aCrossSiteFormPostEndsNothing() {
        expect(200, host.call("default", "session.start", "{\"inputs\": {\"name\": \"settings\"}}", admin));
        String end = "{\"inputs\": {\"scope\": \"SHARED\", \"sessionName\": \"settings\"}}";
        for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x")) {
            Answer refused = send("POST", "/api/apps/default/methods/session.end", type, end, null);
            assertEquals(415, refused.status(), type);
            assertEquals("UNSUPPORTED_MEDIA_TYPE", refused.code());
            assertEquals(List.of("application/json"), accepted(refused));
        }
        Answer untyped = send("POST", "/api/apps/default/methods/session.end", null, end, null);
        assertEquals(415, untyped.status(), "a body without a type is refused too");
        assertTrue(untyped.body().path("error").path("details").path("contentType").isNull());
        assertTrue(settingsExist());

        String token = host.login("admin", TestHost.ADMIN_PASSWORD);
        assertEquals(415, send("POST", "/api/auth/logout", "text/plain", "x=1", token).status());
        assertEquals(415, send("POST", "/api/auth/logout", "application/x-www-form-urlencoded", null, token)
                .status(), "a form's type is refused even without a body");
        expect(200, host.get("/api/auth/me", token));
    }

    @Test
    void jsonIsAcceptedWithParametersOrAsAJsonSuffixAndBareRequestsNeedNoType() {
        String body = "{\"inputs\": {\"scope\": \"SHARED\", \"sessionName\": \"none\"}}";
        for (String type : List.of("application/json", "application/json; charset=utf-8", "Application/JSON",
                "application/vnd.api+json")) {
            Answer answer = send("POST", "/api/apps/default/methods/session.exists", type, body, admin);
            assertEquals(200, answer.status(), type + ": " + answer.body());
        }
        assertEquals(200, send("GET", "/api/auth/me", "text/plain", null, admin).status(),
                "a GET without a body reads nothing");
        String token = host.login("admin", TestHost.ADMIN_PASSWORD);
        assertEquals(204, send("POST", "/api/auth/logout", null, null, token).status());
    }

    @Test
    void aFlowTriggerAcceptsTheMediaTypesItsFlowLists() {
        Answer json = send("POST", "/run/forms/json", "text/plain", "{\"a\": 1}", null);
        assertEquals(415, json.status());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", json.code());
        assertEquals(415, send("POST", "/run/forms/json", "application/x-www-form-urlencoded", null, null).status(),
                "an empty form post does not run an anonymous flow");
        assertEquals(200, send("POST", "/run/forms/json", null, null, null).status());
        assertEquals(200, send("POST", "/run/forms/json", "application/json;charset=utf-8", "{\"a\": 1}", null)
                .status());

        Answer sns = send("POST", "/run/forms/sns", "text/plain; charset=UTF-8", "{\"a\": 1}", null);
        assertEquals(200, sns.status(), String.valueOf(sns.body()));
        assertEquals(1, sns.body().path("a").asInt(), "the body is still read as JSON");
        Answer refused = send("POST", "/run/forms/sns", "application/xml", "<a/>", null);
        assertEquals(415, refused.status());
        assertEquals(List.of("application/json", "text/plain"), accepted(refused));
        assertEquals(200, send("POST", "/run/forms/any", null, "{\"a\": 1}", null).status());
        assertEquals(200, send("POST", "/run/forms/any", "application/octet-stream", "{}", null).status());
    }

    @Test
    void aTriggersMediaTypesAreCheckedOnSave() {
        for (String types : List.of("[]", "\"text/plain\"", "[\"text\"]", "[\"text/plain; charset=utf-8\"]", "[1]")) {
            Answer answer = send("POST", "/api/apps", "application/json", """
                    {"id": "bad-types", "flows": [{"id": "f", "trigger": {"method": "POST", "path": "/f",
                      "contentTypes": %s}, "steps": []}]}""".formatted(types), admin);
            assertEquals(400, answer.status(), types);
            assertEquals("INVALID_TRIGGER", answer.code());
            assertEquals("trigger.contentTypes", answer.body().path("error").path("details").path("field").asText());
        }
    }
}
