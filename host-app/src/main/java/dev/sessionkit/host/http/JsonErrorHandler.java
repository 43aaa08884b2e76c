package dev.sessionkit.host.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
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
 * <p>The code is the status's name ({@code BAD_REQUEST}, {@code URI_TOO_LONG}...); {@code details.reason} is Jetty's
 * short reason (a fixed phrase, never the request's own text). Stateless and thread-safe.
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
        String reason = HttpStatus.getMessage(code);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", code);
        if (message != null && !message.isBlank() && !message.equals(reason)) {
            details.put("reason", message);
        }
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
