package dev.sessionkit.host.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The host's one JSON configuration, used for request and response bodies (through Javalin) and for the files in the
 * data directory.
 *
 * <ul>
 *   <li>Decimal numbers are read as {@link java.math.BigDecimal} with their exact digits ({@code 1.50} stays
 *       {@code 1.50}) and written plainly ({@code 1000}, never {@code 1E+3}): a NUMBER never loses precision.</li>
 *   <li>{@code java.time} values are written as ISO-8601 strings ({@code "2026-01-01T08:00:00Z"}).</li>
 *   <li>Trailing content after a JSON document and duplicate keys in an object are errors, never silently
 *       resolved (so {@code {"roleId": "user", "roleId": "admin"}} is refused, not read as admin).</li>
 * </ul>
 *
 * <p>Create one mapper per host with {@link #newMapper()} and share it; a configured {@link ObjectMapper} is
 * thread-safe. Never reconfigure it after creation.
 */
public final class Json {
    private Json() {
    }

    /** @return a new mapper with the host's configuration */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .build();
    }
}
