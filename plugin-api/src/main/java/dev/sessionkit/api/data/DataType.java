package dev.sessionkit.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sessionkit.api.error.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seven data types of Sessionkit values, with validation and <em>lossless</em> coercion.
 *
 * <p>{@link #coerce(String, JsonNode)} returns the value in its canonical JSON form for the type, or throws
 * {@link InvalidInputException} (code {@code TYPE_MISMATCH}) naming the parameter, the expected type and the value
 * received. Coercions that lose nothing are allowed:
 * <table>
 *   <caption>Accepted values per type</caption>
 *   <tr><th>type</th><th>accepts</th><th>refuses</th></tr>
 *   <tr><td>STRING</td><td>strings; numbers and booleans (as their JSON text)</td><td>objects, arrays</td></tr>
 *   <tr><td>INTEGER</td><td>integral numbers within 64 bits; {@code 42.0}; strings like {@code "42"}</td>
 *       <td>{@code 4.5}, {@code "4.5"}, numbers outside 64 bits, booleans</td></tr>
 *   <tr><td>NUMBER</td><td>any number; strings holding a decimal number like {@code "3.14"}</td>
 *       <td>booleans, other strings, numbers longer than {@link JsonNumbers#MAX_LENGTH} characters in plain
 *       digits ({@code 1e1000})</td></tr>
 *   <tr><td>BOOLEAN</td><td>booleans; the strings {@code "true"} and {@code "false"} (any case)</td>
 *       <td>numbers, other strings</td></tr>
 *   <tr><td>DATETIME</td><td>ISO-8601 strings with an offset, such as {@code 2026-11-22T10:15:30+01:00}</td>
 *       <td>strings without an offset, numbers</td></tr>
 *   <tr><td>OBJECT</td><td>JSON objects</td><td>everything else</td></tr>
 *   <tr><td>ARRAY</td><td>JSON arrays</td><td>everything else</td></tr>
 * </table>
 * JSON {@code null} (or a Java {@code null}) is accepted by every type and returned as {@link NullNode}: whether a
 * value is required is the descriptor's business, not the type's.
 *
 * <p>Thread-safe and stateless. The argument node is never modified; a coerced value may be the same instance.
 */
public enum DataType {
    STRING, INTEGER, NUMBER, BOOLEAN, DATETIME, OBJECT, ARRAY;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /**
     * Checks {@code value} against this type and returns its canonical form.
     *
     * @param parameter the name used in the error message (the parameter or input name), not null
     * @param value     the value; null or JSON null yields {@link NullNode#instance}
     * @return the value as this type, never Java null
     * @throws InvalidInputException code {@code TYPE_MISMATCH} when the value does not fit without loss
     */
    public JsonNode coerce(String parameter, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NullNode.instance;
        }
        JsonNode result = switch (this) {
            case STRING -> value.isTextual() ? value
                    : value.isNumber() || value.isBoolean() ? NODES.textNode(value.asText()) : null;
            case INTEGER -> toInteger(value);
            case NUMBER -> toNumber(value);
            case BOOLEAN -> toBoolean(value);
            case DATETIME -> toDateTime(value);
            case OBJECT -> value.isObject() ? value : null;
            case ARRAY -> value.isArray() ? value : null;
        };
        if (result == null) {
            throw mismatch(parameter, value);
        }
        return result;
    }

    /**
     * The type a JSON value naturally has: integral numbers are INTEGER, other numbers NUMBER, strings STRING (never
     * DATETIME: that is a declared type), and so on.
     *
     * @param value a value, not null
     * @return its natural type, or null for JSON null
     */
    public static DataType of(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) return null;
        if (value.isObject()) return OBJECT;
        if (value.isArray()) return ARRAY;
        if (value.isBoolean()) return BOOLEAN;
        if (value.isIntegralNumber()) return INTEGER;
        if (value.isNumber()) return NUMBER;
        return STRING;
    }

    /**
     * Parses a type name case-insensitively ({@code "integer"} is {@link #INTEGER}).
     *
     * @param parameter the input name for the error message
     * @param name      the type's name, not null
     * @return the type
     * @throws InvalidInputException code {@code UNKNOWN_DATA_TYPE} listing the accepted names
     */
    public static DataType parse(String parameter, String name) {
        for (DataType type : values()) {
            if (type.name().equalsIgnoreCase(name.trim())) return type;
        }
        throw new InvalidInputException("UNKNOWN_DATA_TYPE",
                "'" + parameter + "' names an unknown data type '" + name + "'. Use one of STRING, INTEGER, NUMBER, "
                        + "BOOLEAN, DATETIME, OBJECT, ARRAY.",
                Map.of("parameter", parameter, "received", name));
    }

    private static JsonNode toInteger(JsonNode value) {
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) return null;
            return value.isInt() || value.isLong() ? value : integerNode(value.longValue());
        }
        BigDecimal decimal = null;
        if (value.isNumber()) {
            if (!JsonNumbers.fits(value)) return null;
            decimal = value.decimalValue();
        } else if (value.isTextual()) {
            decimal = parseDecimal(value.textValue().trim());
        }
        // More integer digits than a long has: out of range, and never expanded (1e999999999 would be a billion).
        if (decimal == null || (long) decimal.precision() - decimal.scale() > 19) return null;
        try {
            BigInteger integer = decimal.toBigIntegerExact();
            if (integer.compareTo(LONG_MIN) < 0 || integer.compareTo(LONG_MAX) > 0) return null;
            return integerNode(integer.longValue());
        } catch (ArithmeticException fractional) {
            return null;
        }
    }

    /** The node Jackson itself would parse for this number: an int node when it fits, else a long node. */
    private static JsonNode integerNode(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static JsonNode toNumber(JsonNode value) {
        if (value.isNumber()) return JsonNumbers.fits(value) ? value : null;
        if (value.isTextual()) {
            BigDecimal decimal = parseDecimal(value.textValue().trim());
            return decimal == null ? null : NODES.numberNode(decimal);
        }
        return null;
    }

    private static JsonNode toBoolean(JsonNode value) {
        if (value.isBoolean()) return value;
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (text.equalsIgnoreCase("true")) return NODES.booleanNode(true);
            if (text.equalsIgnoreCase("false")) return NODES.booleanNode(false);
        }
        return null;
    }

    private static JsonNode toDateTime(JsonNode value) {
        if (!value.isTextual()) return null;
        try {
            OffsetDateTime.parse(value.textValue().trim());
            return value;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** @return the decimal, or null when the text is not one or it breaks {@link JsonNumbers}' rule */
    private static BigDecimal parseDecimal(String text) {
        if (text.isEmpty() || text.length() > 400) return null;
        try {
            BigDecimal decimal = new BigDecimal(text);
            return JsonNumbers.fits(decimal) ? decimal : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private InvalidInputException mismatch(String parameter, JsonNode value) {
        String shown = value.toString();
        if (shown.length() > 200) shown = shown.substring(0, 200) + "...";
        String hint = switch (this) {
            case INTEGER -> " An INTEGER is a whole number within 64 bits, such as 42 or \"42\".";
            case NUMBER -> " A NUMBER is a decimal number of at most " + JsonNumbers.MAX_LENGTH + " characters written "
                    + "out in plain digits, such as 3.14 or \"3.14\".";
            case BOOLEAN -> " A BOOLEAN is true or false.";
            case DATETIME -> " A DATETIME is an ISO-8601 string with an offset, such as \"2026-11-22T10:15:30+01:00\".";
            case OBJECT -> " An OBJECT is a JSON object such as {\"a\": 1}.";
            case ARRAY -> " An ARRAY is a JSON array such as [1, 2].";
            case STRING -> " A STRING accepts text, numbers and booleans, not objects or arrays.";
        };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("parameter", parameter);
        details.put("expected", name());
        details.put("received", shown);
        DataType natural = of(value);
        details.put("receivedType", natural == null ? "NULL" : natural.name());
        return new InvalidInputException("TYPE_MISMATCH",
                "'" + parameter + "' expects " + name() + " but received " + shown + "." + hint, details);
    }
}
