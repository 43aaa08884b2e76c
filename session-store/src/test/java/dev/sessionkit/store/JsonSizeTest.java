package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/**
 * A decimal counts as the host writes it, in plain digits. (That every value's count equals the bytes the host writes,
 * shortcuts for small values included, is checked with the stored encoding in {@link StoredJsonTest}.)
 */
class JsonSizeTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void aDecimalCountsAsItsPlainDigits() {
        assertEquals(1000, JsonSize.of(NODES.numberNode(new java.math.BigDecimal("1e999"))),
                "1e999 is written as a one and 999 zeros, not as the 6 characters of 1E+999");
    }
}
