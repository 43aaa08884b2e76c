package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values read back from session files are the nodes a JSON parser gives, whether or not the fast path reads them. */
class JournalFormatTest {
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @Test
    void everyValueReadsBackAsTheParserReadsIt() throws Exception {
        List<String> values = List.of("\"cart-42\"", "\"\"", "\"a \\\"quoted\\\" word\"", "\"tab\\there\"",
                "\"é 😀\"", "\"\\\\\"", "0", "-0", "7", "-12", "2147483647", "2147483648", "-2147483648",
                "-2147483649", "123456789012345678", "1234567890123456789", "99999999999999999999", "1.50", "1E+9999",
                "-0.0", "true", "false", "null", "[1,\"a\",null]", "{\"a\":{\"b\":[1.0]}}");
        for (String json : values) {
            JsonNode expected = EXACT.readTree(json);
            JsonNode actual = JournalFormat.parseValue(json);
            assertEquals(expected, actual, json);
            assertEquals(expected.getClass(), actual.getClass(), json);
        }
    }
}
