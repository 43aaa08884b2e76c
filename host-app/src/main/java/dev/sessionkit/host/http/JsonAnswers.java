package dev.sessionkit.host.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/**
 * Writes a JSON answer as UTF-8 bytes straight from the mapper, for the busiest routes (direct method calls and
 * flow triggers): {@link Context#json} makes a {@code String} first and encodes it again. The same bytes and
 * {@code Content-Type: application/json} as {@link Context#json}. Stateless.
 */
public final class JsonAnswers {
    private JsonAnswers() {
    }

    /**
     * @param ctx    the request
     * @param mapper the host's mapper
     * @param value  the answer (a JSON tree, a map, a record)
     */
    public static void send(Context ctx, ObjectMapper mapper, Object value) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Trees, maps and records of the host always serialize; a failure is a bug, answered as a 500.
            throw new UncheckedIOException("Could not write a JSON answer", e);
        }
        ctx.contentType(ContentType.APPLICATION_JSON).result(bytes);
    }
}
