package dev.sessionkit.host.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sessionkit.api.data.JsonNumbers;
import dev.sessionkit.api.error.InvalidInputException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The host's one JSON configuration, used for request and response bodies (through Javalin) and for the files in the
 * data directory.
 *
 * <ul>
 *   <li>Decimal numbers are read as {@link java.math.BigDecimal} with their exact digits ({@code 1.50} stays
 *       {@code 1.50}) and written plainly ({@code 1000}, never {@code 1E+3}): a NUMBER never loses precision.</li>
 *   <li>A number may take at most {@value JsonNumbers#MAX_LENGTH} characters, as sent and written out in plain
 *       digits ({@link JsonNumbers}): {@code 1e1000} or {@code 1e999999999} is refused while it is read, with
 *       {@code 400 NUMBER_TOO_LONG}, since writing it would take a thousand digits and more, or fail.</li>
 *   <li>Objects and arrays nest at most {@value JsonDepth#MAX} levels deep (a deeper body is
 *       {@code 400 INVALID_JSON}), leaving room under Jackson's writing limit (1,000) for what the host wraps around
 *       a message or a value in its answers.</li>
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
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNumberLength(JsonNumbers.MAX_LENGTH)
                        .maxNestingDepth(JsonDepth.MAX)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .nodeFactory(new BoundedNumbers())
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

    /**
     * Builds the number nodes of parsed trees, refusing a decimal whose plain text would break
     * {@link JsonNumbers}' rule: its scale is read from the exponent ({@code 1e999999999} is 11 characters long),
     * which the parser's length limit does not see.
     */
    private static final class BoundedNumbers extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ValueNode numberNode(BigDecimal value) {
            if (value != null && !JsonNumbers.fits(value)) {
                long length = JsonNumbers.plainLength(value);
                throw new InvalidInputException("NUMBER_TOO_LONG", "A number is too long: written out in plain "
                        + "digits it takes " + length + " characters, and at most " + JsonNumbers.MAX_LENGTH
                        + " are accepted (1e999 is the largest power of ten). Send fewer digits, or the value as a "
                        + "string.", Map.of("length", length, "limit", JsonNumbers.MAX_LENGTH));
            }
            return super.numberNode(value);
        }
    }
}
