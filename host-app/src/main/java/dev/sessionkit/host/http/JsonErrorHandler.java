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
 * nothing of the request is echoed. Jetty closes the connection after such an answer. Stateless and thread-safe.
 */
public final class JsonErrorHandler extends ErrorHandler {
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
        String advice = code == HttpStatus.BAD_REQUEST_400
                ? " Check the URL (percent-encoding is '%' followed by two hex digits; %00 is refused) and the "
                + "headers."
                : "";
        byte[] body = mapper.writeValueAsBytes(ErrorMapper.body(codeOf(code),
                "The request was refused before it reached a route: " + reason + "." + advice, details));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String codeOf(int status) {
        return HttpStatus.getMessage(status).toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }
}
