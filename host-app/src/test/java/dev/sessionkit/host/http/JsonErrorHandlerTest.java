package dev.sessionkit.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.host.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Jetty refuses before any route sees it is answered in the product's JSON error shape. */
class JsonErrorHandlerTest {
    private static final ObjectMapper JSON = Json.newMapper();

    @ParameterizedTest
    @CsvSource({"503, HOST_STOPPING, 1", "414, URI_TOO_LONG, ", "400, BAD_REQUEST, "})
    void jettysOwnRefusalsAreJsonErrors(int status, String code, String retryAfter) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler(JSON));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Response.writeError(request, response, callback, status); // as Jetty does for a stopping server
                return true;
            }
        });
        server.start();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/api/apps")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(status, answer.statusCode());
            assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
            assertEquals(retryAfter == null ? "" : retryAfter, answer.headers().firstValue("Retry-After").orElse(""));
            JsonNode error = JSON.readTree(answer.body()).path("error");
            assertEquals(code, error.path("code").asText(), answer.body());
            assertEquals(status, error.path("details").path("status").asInt());
        } finally {
            server.stop();
        }
    }
}
