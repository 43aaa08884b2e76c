package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcuts for small values count exactly what the host writes (decimals in plain digits). */
class JsonSizeTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void scalarsCountAsTheirCompactJsonText() throws Exception {
        List<JsonNode> values = new ArrayList<>(List.of(
                NODES.textNode(""), NODES.textNode("cart-42"), NODES.textNode("quote \" and \\ backslash / slash"),
                NODES.textNode("tab\tnew line\ncarriage\rback\bform\f nul\u0000 unit\u001f del\u007f"),
                NODES.textNode("é ü ß € 中文 ☃"), NODES.textNode("emoji 😀 pair"), NODES.textNode("lone \ud800 high"),
                NODES.numberNode(0), NODES.numberNode(-7), NODES.numberNode(Integer.MIN_VALUE),
                NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode((short) -12),
                NODES.numberNode(4.5), NODES.numberNode(new java.math.BigDecimal("1.50")),
                NODES.numberNode(new java.math.BigDecimal("1E+999")),
                NODES.numberNode(new java.math.BigDecimal("-25E-3")),
                NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode(),
                MAPPER.readTree("{\"a\": [1, \"b\", null], \"c\": {\"d\": true}}")));
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(20); j > 0; j--) {
                text.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0xD7FF)));
            }
            values.add(NODES.textNode(text.toString()));
        }
        for (JsonNode value : values) {
            long written = MAPPER.writeValueAsBytes(value).length; // what a byte stream receives
            assertEquals(written, JsonSize.of(value), () -> "size of " + value);
        }
    }

    @Test
    void aDecimalCountsAsItsPlainDigits() {
        assertEquals(1000, JsonSize.of(NODES.numberNode(new java.math.BigDecimal("1e999"))),
                "1e999 is written as a one and 999 zeros, not as the 6 characters of 1E+999");
    }
}
