package dev.sessionkit.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * How long a JSON number may be in Sessionkit: at most {@value #MAX_LENGTH} characters written out in plain digits,
 * the way the host writes every number ({@code 1e3} is answered as {@code 1000}, never as {@code 1E+3}). So
 * {@code 1e999} (a one and 999 zeros) is accepted and {@code 1e1000} is not; neither is {@code 1e-1000}. A double or
 * float must also be finite ({@code NaN} and infinities are not JSON).
 *
 * <p>The rule is applied wherever a number enters: the host's JSON parser, the coercion of a string to NUMBER or
 * INTEGER ({@link DataType}), and the session store, so a number that could not be answered is never stored. Without
 * it, {@code 1e999999999} (11 characters) would be stored and then written as a billion digits, or fail to be written
 * at all.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonNumbers {
    /** The most characters a number may take written out in plain digits, sign and decimal point included. */
    public static final int MAX_LENGTH = 1000;

    /** More bits than {@value #MAX_LENGTH} decimal digits can hold: a whole number this long surely does not fit. */
    private static final int MAX_BITS = (int) Math.ceil(MAX_LENGTH * Math.log(10) / Math.log(2)) + 1;

    private JsonNumbers() {
    }

    /**
     * The length of a decimal written out in plain digits ({@link BigDecimal#toPlainString()}), computed without
     * writing it. A zero is counted as if it were a one, so its length bounds its scale too.
     *
     * @param value a decimal, not null
     * @return its length in characters, sign and decimal point included
     */
    public static long plainLength(BigDecimal value) {
        long precision = value.signum() == 0 ? 1 : value.precision();
        long scale = value.scale();
        long digits;
        if (scale <= 0) {
            digits = precision - scale;      // 15E+2 -> 1500
        } else if (scale < precision) {
            digits = precision + 1;          // 12345E-2 -> 123.45
        } else {
            digits = scale + 2;              // 5E-2 -> 0.05
        }
        return digits + (value.signum() < 0 ? 1 : 0);
    }

    /**
     * @param value a decimal, not null
     * @return whether it is at most {@value #MAX_LENGTH} characters in plain digits
     */
    public static boolean fits(BigDecimal value) {
        return plainLength(value) <= MAX_LENGTH;
    }

    /** @param value a whole number, not null @return whether it is at most {@value #MAX_LENGTH} characters */
    public static boolean fits(BigInteger value) {
        return value.bitLength() <= MAX_BITS && value.toString().length() <= MAX_LENGTH;
    }

    /**
     * @param node a JSON node
     * @return false for a number node that breaks the rule (too long, or a double or float that is not finite); true
     *         for every other node, containers included (their content is not looked at)
     */
    public static boolean fits(JsonNode node) {
        if (!node.isNumber()) return true;
        if (node.isBigDecimal()) return fits(node.decimalValue());
        if (node.isBigInteger()) return fits(node.bigIntegerValue());
        if (node.isDouble() || node.isFloat()) return Double.isFinite(node.doubleValue());
        return true; // int, long, short: at most 20 characters
    }
}
