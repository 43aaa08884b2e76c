package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.errorCode;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.ForbiddenException;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.MethodFailedException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.host.http.ErrorMapper;
import dev.sessionkit.host.http.RequestIds;
import dev.sessionkit.host.json.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpErrorsTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass(config -> config.maxRequestSize = 2048);



    @Test
    void unknownRoutesAre404Json() {
        Response response = expect(404, host.get("/api/nothing-here", null));
        assertEquals("ROUTE_NOT_FOUND", errorCode(response));
        assertEquals(List.of("application/json"), response.headers().get("Content-Type"));
        assertEquals("/api/nothing-here", json(response).path("error").path("details").path("path").asText());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersTheWebUiIncluded() {
        for (Response response : List.of(host.get("/health", null), host.get("/", null),
                host.get("/api/nothing-here", null))) {
            assertEquals(List.of("nosniff"), response.headers().get("X-Content-Type-Options"));
            assertEquals(List.of("DENY"), response.headers().get("X-Frame-Options"));
            String policy = response.headers().get("Content-Security-Policy").get(0);
            assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        }
    }

    @Test
    void theWebUiIsServedWithAPolicyAllowingItsOwnFilesAndItsImportMapOnly() throws Exception {
        Response page = expect(200, host.get("/", null));
        String html = TestHost.body(page);
        java.util.regex.Matcher importMap = java.util.regex.Pattern.compile(
                "<script type=\"importmap\">(.*?)</script>", java.util.regex.Pattern.DOTALL).matcher(html);
        assertTrue(importMap.find(), html);
        String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(importMap.group(1).getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("default-src 'self'; script-src 'self' 'sha256-" + hash + "'; style-src 'self'; "
                + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'"), page.headers().get("Content-Security-Policy"));
        assertEquals(1, html.split("<script").length - 2, "one inline script besides main.js: the import map");
    }

    @Test
    void aWrongHttpMethodIs405WithTheAllowedOnes() {
        Response response = expect(405, host.delete("/api/auth/login", null));
        assertEquals("METHOD_NOT_ALLOWED", errorCode(response));
        assertEquals(List.of("POST"), response.headers().get("Allow"));
        assertEquals("[\"POST\"]", json(response).path("error").path("details").path("allowedMethods").toString());
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"username\":\"admin\",\"password\":\"" + "p".repeat(3000) + "\"}";
        Response response = expect(413, host.post("/api/auth/login", big, null));
        assertEquals("REQUEST_TOO_LARGE", errorCode(response));
        assertEquals(2048, json(response).path("error").path("details").path("limit").asInt());
        assertEquals(200, host.post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + TestHost.ADMIN_PASSWORD + "\"}", null).code());
    }

    @Test
    void aChunkedBodyWithoutContentLengthIsCountedAgainstTheLimitToo() throws Exception {
        // Its own client: the host answers 413 while the body is still coming and closes that connection.
        HttpClient client = HttpClient.newHttpClient();
        byte[] big = ("{\"username\":\"admin\",\"password\":\"" + "p".repeat(3000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = client.send(chunkedLogin(big), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode());
        assertEquals("REQUEST_TOO_LARGE", Json.newMapper().readTree(tooLarge.body()).at("/error/code").asText());

        byte[] fits = ("{\"username\":\"admin\",\"password\":\"" + TestHost.ADMIN_PASSWORD + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(200, client.send(chunkedLogin(fits), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    /** A sign-in whose body has no Content-Length (sent chunked). */
    private HttpRequest chunkedLogin(byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + host.host().port() + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
    }

    @Test
    void requestsJettyRefusesBeforeAnyRouteGetTheJsonErrorShapeToo() throws Exception {
        for (String path : List.of("/api/%zz", "/api/apps/%00")) {
            String answer = rawGet(path, "");
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.contains("Content-Type: application/json"), answer);
            JsonNode error = Json.newMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("error");
            assertEquals("BAD_REQUEST", error.path("code").asText(), answer);
            assertTrue(error.path("message").asText().contains("percent-encoding"), answer);
            assertEquals(400, error.path("details").path("status").asInt());
        }
        String tooLarge = rawGet("/health", "X-Big: " + "a".repeat(20_000) + "\r\n");
        assertTrue(tooLarge.startsWith("HTTP/1.1 431 "), tooLarge);
        assertTrue(tooLarge.contains("\"code\":\"REQUEST_HEADER_FIELDS_TOO_LARGE\""), tooLarge);
    }

    /** One GET written by hand (an HTTP client refuses to send a malformed URL), and the whole answer. */
    private String rawGet(String path, String extraHeaders) throws IOException {
        try (Socket socket = new Socket("localhost", host.host().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyResponseCarriesARequestIdKeepingAPlausibleOne() {
        String fresh = host.get("/health", null).headers().get(RequestIds.HEADER).get(0);
        assertTrue(fresh.matches("[0-9a-f]{16}"), fresh);
        Response kept = host.send("/health", request -> request.header(RequestIds.HEADER, "trace-42"),
                Request.Builder::get);
        assertEquals(List.of("trace-42"), kept.headers().get(RequestIds.HEADER));
        Response replaced = host.send("/health", request -> request.header(RequestIds.HEADER, "bad id\u00e9"),
                Request.Builder::get);
        String id = replaced.headers().get(RequestIds.HEADER).get(0);
        assertFalse(id.contains("bad"), id);
    }

    @Test
    void productExceptionsMapByClassAndAnythingElseIs500WithoutInternals() {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.newMapper(), false));
            new ErrorMapper(1024).register(cfg.routes);
            cfg.routes.before(RequestIds.assign());
            cfg.routes.get("/400", ctx -> { throw new InvalidInputException("A", "a", Map.of("field", "x")); });
            cfg.routes.get("/401", ctx -> { throw new UnauthorizedException("B", "b"); });
            cfg.routes.get("/403", ctx -> { throw new ForbiddenException("C", "c"); });
            cfg.routes.get("/404", ctx -> { throw new NotFoundException("D", "d"); });
            cfg.routes.get("/409", ctx -> { throw new ConflictException("E", "e"); });
            cfg.routes.get("/413", ctx -> { throw new PayloadTooLargeException("F", "f"); });
            cfg.routes.get("/507", ctx -> { throw new InsufficientStorageException("G", "g"); });
            cfg.routes.get("/500", ctx -> {
                throw new MethodFailedException("H", "h", null, new IllegalStateException("cause"));
            });
            cfg.routes.get("/crash", ctx -> { throw new IllegalStateException("internal detail 0xDEADBEEF"); });
        });
        JavalinTest.test(app, (server, client) -> {
            for (String status : List.of("400", "401", "403", "404", "409", "413", "507", "500")) {
                Response response = client.get("/" + status);
                assertEquals(Integer.parseInt(status), response.code(), status);
                JsonNode error = json(response).path("error");
                assertEquals(error.path("code").asText().toLowerCase(), error.path("message").asText());
                assertTrue(error.path("details").isObject());
            }
            assertEquals(List.of("Bearer"), client.get("/401").headers().get("WWW-Authenticate"));

            Response crash = client.get("/crash");
            assertEquals(500, crash.code());
            JsonNode error = json(crash).path("error");
            assertEquals("INTERNAL_ERROR", error.path("code").asText());
            String requestId = crash.headers().get(RequestIds.HEADER).get(0);
            assertEquals(requestId, error.path("details").path("requestId").asText());
            assertTrue(error.path("message").asText().contains(requestId));
            assertFalse(TestHost.body(crash).contains("DEADBEEF"), TestHost.body(crash));
        });
    }
}
