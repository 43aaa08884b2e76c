package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class HistorySizeTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void smallValuesAreKeptAsTheyAre() {
        ObjectNode small = NODES.objectNode().put("sku", "A1").put("qty", 2).put("ok", true);
        small.putArray("tags").add("x").add(NODES.nullNode());
        assertSame(small, HistorySize.bounded(small));
        JsonNode text = NODES.textNode("x".repeat(HistorySize.LIMIT_CHARS - 2));
        assertSame(text, HistorySize.bounded(text));
        assertNull(HistorySize.bounded(null));
        ArrayNode numbers = NODES.arrayNode();
        for (int i = 0; i < 2_700; i++) numbers.add(0).add(true).add(NODES.nullNode()).add(-12L);
        assertSame(numbers, HistorySize.bounded(numbers)); // about 40 KB of JSON
    }

    @Test
    void aLongTextAnywhereInTheValueLeavesItOut() {
        assertSame(HistorySize.OMITTED, HistorySize.bounded(NODES.textNode("x".repeat(HistorySize.LIMIT_CHARS))));
        ObjectNode nested = NODES.objectNode();
        nested.putObject("a").putArray("b").addObject().put("c", "x".repeat(HistorySize.LIMIT_CHARS));
        assertSame(HistorySize.OMITTED, HistorySize.bounded(nested));
    }

    @Test
    void manySmallPartsAddUp() {
        ArrayNode many = NODES.arrayNode();
        for (int i = 0; i < HistorySize.LIMIT_CHARS / 10; i++) many.add("12345678");
        assertSame(HistorySize.OMITTED, HistorySize.bounded(many));
        ObjectNode names = NODES.objectNode();
        for (int i = 0; i < HistorySize.LIMIT_CHARS / 10; i++) names.put("name-" + i, 1);
        assertSame(HistorySize.OMITTED, HistorySize.bounded(names));
    }

    @Test
    void hugeNumbersAreMeasured() {
        JsonNode huge = NODES.numberNode(new BigDecimal("9".repeat(HistorySize.LIMIT_CHARS + 1)));
        assertSame(HistorySize.OMITTED, HistorySize.bounded(huge));
    }
}
