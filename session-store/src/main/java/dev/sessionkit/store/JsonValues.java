package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON values as the store's updates see them, the same way in both stores (the Redis script works on the JSON
 * text, with the same rules):
 * <ul>
 *   <li>a number's value is the decimal its JSON text writes ({@code 2.50} has two decimal places, {@code 1.0E20} is
 *       a whole number), never a binary double;</li>
 *   <li>a number is an INTEGER when written in plain digits it has no decimal point, else a NUMBER;</li>
 *   <li>two values are the same when they are equal as JSON: numbers by value, objects whatever the order of their
 *       fields, arrays element by element, the rest by equality.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private JsonValues() {
    }

    /** @param number a number node @return the decimal its JSON text writes */
    static BigDecimal decimal(JsonNode number) {
        if (number.isBigDecimal()) return number.decimalValue();
        if (number.isIntegralNumber()) return new BigDecimal(number.bigIntegerValue());
        return new BigDecimal(number.asText()); // a double or float: the digits Jackson writes for it
    }

    /** @param value a decimal @return whether it is written without a decimal point in plain digits */
    static boolean isWhole(BigDecimal value) {
        return value.scale() <= 0;
    }

    /** @param value a whole decimal @return whether it lies within 64 bits */
    static boolean fitsLong(BigDecimal value) {
        if ((long) value.precision() - value.scale() > 19) return false;
        BigInteger whole = value.toBigInteger();
        return whole.compareTo(LONG_MIN) >= 0 && whole.compareTo(LONG_MAX) <= 0;
    }

    /**
     * @param value a JSON value
     * @return its type as the store's errors name it: OBJECT, ARRAY, STRING, BOOLEAN, NULL, INTEGER or NUMBER
     */
    static String typeOf(JsonNode value) {
        if (value.isObject()) return "OBJECT";
        if (value.isArray()) return "ARRAY";
        if (value.isTextual()) return "STRING";
        if (value.isBoolean()) return "BOOLEAN";
        if (value.isNumber()) return isWhole(decimal(value)) ? "INTEGER" : "NUMBER";
        return "NULL";
    }

    /**
     * The node the host reads back for a number written in plain digits: an int, long or big integer node for a whole
     * number, else an exact decimal node. So a value the embedded store computes is the one a restart (or Redis)
     * gives back.
     *
     * @param value a decimal
     * @return its node
     */
    static JsonNode numberNode(BigDecimal value) {
        if (!isWhole(value)) return NODES.numberNode(value);
        BigInteger whole = value.toBigInteger();
        if (whole.compareTo(INT_MIN) >= 0 && whole.compareTo(INT_MAX) <= 0) return NODES.numberNode(whole.intValue());
        if (whole.compareTo(LONG_MIN) >= 0 && whole.compareTo(LONG_MAX) <= 0) {
            return NODES.numberNode(whole.longValue());
        }
        return NODES.numberNode(whole);
    }

    /**
     * @param a a JSON value
     * @param b another
     * @return whether they are equal as JSON (see the class comment)
     */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return decimal(a).compareTo(decimal(b)) == 0;
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) return false;
            for (Iterator<Map.Entry<String, JsonNode>> fields = a.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode other = b.get(field.getKey());
                if (other == null || !same(field.getValue(), other)) return false;
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) return false;
            }
            return true;
        }
        return a.equals(b);
    }
}
