package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Values as the store holds them: encoded byte for byte as the host writes JSON (decimals in plain digits), and read
 * back as the nodes a JSON parser with exact decimals gives, whether or not the shortcuts for small values serve them.
 */
class StoredJsonTest {
    private static final ObjectMapper PLAIN = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void everyValueIsEncodedAsTheHostWritesIt() throws Exception {
        List<JsonNode> values = new ArrayList<>(List.of(
                NODES.textNode(""), NODES.textNode("cart-42"), NODES.textNode("quote \" and \\ backslash / slash"),
                NODES.textNode("tab\tnew line\ncarriage\rback\bform\f nul\u0000 unit\u001f del\u007f"),
                NODES.textNode("é ü ß € 中文 ☃"), NODES.textNode("emoji 😀 pair"), NODES.textNode("lone \ud800 high"),
                NODES.numberNode(0), NODES.numberNode(-7), NODES.numberNode(Integer.MIN_VALUE),
                NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode((short) -12),
                NODES.numberNode(4.5), NODES.numberNode(new BigDecimal("1.50")),
                NODES.numberNode(new BigDecimal("1E+999")), NODES.numberNode(new BigDecimal("-25E-3")),
                NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode(),
                PLAIN.readTree("{\"a\": [1, \"b\", null], \"c\": {\"d\": true}}")));
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(20); j > 0; j--) {
                text.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0xD7FF)));
            }
            values.add(NODES.textNode(text.toString()));
        }
        for (JsonNode value : values) {
            byte[] encoded = StoredJson.encode(value);
            assertArrayEquals(PLAIN.writeValueAsBytes(value), encoded, () -> "encoding of " + value);
            assertEquals(JsonSize.of(value), encoded.length, () -> "counted size of " + value);
        }
    }

    @Test
    void everyValueReadsBackAsTheParserReadsIt() throws Exception {
        List<String> values = List.of("\"cart-42\"", "\"\"", "\"a \\\"quoted\\\" word\"", "\"tab\\there\"",
                "\"é 😀\"", "\"\\\\\"", "0", "-0", "7", "-12", "2147483647", "2147483648", "-2147483648",
                "-2147483649", "123456789012345678", "1234567890123456789", "99999999999999999999", "1.50", "1E+9999",
                "-0.0", "true", "false", "null", "[1,\"a\",null]", "{\"a\":{\"b\":[1.0]}}", "01", "-", "1e5");
        for (String json : values) {
            JsonNode expected = json.equals("01") || json.equals("-") ? null : EXACT.readTree(json);
            byte[] text = json.getBytes(StandardCharsets.UTF_8);
            byte[] framed = new byte[text.length + 6]; // read at an offset, between other bytes, as the store does
            java.util.Arrays.fill(framed, (byte) '9');
            System.arraycopy(text, 0, framed, 3, text.length);
            if (expected == null) {
                org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> StoredJson.decode(framed, 3, text.length), json);
                continue;
            }
            JsonNode actual = StoredJson.decode(framed, 3, text.length);
            assertEquals(expected, actual, json);
            assertEquals(expected.getClass(), actual.getClass(), json);
        }
    }
}
