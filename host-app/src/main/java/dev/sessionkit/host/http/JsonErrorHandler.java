package dev.sessionkit.host.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests it refuses before any route sees them — a URL with a broken or forbidden
 * percent-encoding ({@code %zz}, {@code %00}), a URI or headers over Jetty's limits — in the product's error shape
 * {@code {"error": {"code", "message", "details"}}} instead of Jetty's HTML page. Errors inside routes never get here:
 * {@link ErrorMapper} answers those.
 *
 * <p>The code is the status's name ({@code BAD_REQUEST}, {@code URI_TOO_LONG}...), {@code details.status} the status;
 * nothing of the request is echoed. One exception: Jetty answers {@code 503} to a request that reaches a stopping host
 * (on a connection opened before the stop), which is {@code HOST_STOPPING} with {@code Retry-After: 1}: nothing was
 * done, so the client (or a load balancer) may send it again to another host. Jetty closes the connection after such
 * an answer. Stateless and thread-safe.
 */
public final class JsonErrorHandler extends ErrorHandler {
    /** The code of a request that reached a stopping host. */
    public static final String STOPPING = "HOST_STOPPING";

    private final ObjectMapper mapper;

    /** @param mapper the host's mapper */
    public JsonErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        // Jetty's own message is left out: it may be an exception's text or quote a character of the request.
        String reason = HttpStatus.getMessage(code);
        Map<String, Object> details = Map.of("status", code);
        if (code == HttpStatus.SERVICE_UNAVAILABLE_503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            write(response, callback, ErrorMapper.body(STOPPING, "This host is stopping and took no new request; "
                    + "nothing was done. Send the request again: another host, or this one once restarted, answers it.",
                    details));
            return;
        }
        String advice = code == HttpStatus.BAD_REQUEST_400
                ? " Check the URL (percent-encoding is '%' followed by two hex digits; %00 is refused) and the "
                + "headers."
                : "";
        write(response, callback, ErrorMapper.body(codeOf(code),
                "The request was refused before it reached a route: " + reason + "." + advice, details));
    }

    private void write(Response response, Callback callback, Object error) throws IOException {
        byte[] body = mapper.writeValueAsBytes(error);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String codeOf(int status) {
        return HttpStatus.getMessage(status).toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }
}
