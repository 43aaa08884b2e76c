package dev.sessionkit.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonNumbersTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Test
    void plainLengthIsTheLengthOfThePlainText() {
        Random random = new Random(13);
        for (int i = 0; i < 5000; i++) {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(80), random);
            if (random.nextBoolean()) unscaled = unscaled.negate();
            if (unscaled.signum() == 0) unscaled = BigInteger.ONE;
            BigDecimal value = new BigDecimal(unscaled, random.nextInt(121) - 60);
            assertEquals(value.toPlainString().length(), JsonNumbers.plainLength(value), value::toString);
        }
        assertEquals(1, JsonNumbers.plainLength(BigDecimal.ZERO));
        assertEquals("0.00000".length(), JsonNumbers.plainLength(new BigDecimal("0E-5")));
        assertEquals(1_000_000_000, JsonNumbers.plainLength(new BigDecimal("1e999999999")));
    }

    @Test
    void theLimitIsAThousandCharacters() {
        assertTrue(JsonNumbers.fits(new BigDecimal("1e999")));
        assertFalse(JsonNumbers.fits(new BigDecimal("1e1000")));
        assertTrue(JsonNumbers.fits(new BigDecimal("1e-998")));
        assertFalse(JsonNumbers.fits(new BigDecimal("1e-999")));
        assertFalse(JsonNumbers.fits(new BigDecimal("0E+5000")), "a zero's scale is bounded too");
        assertTrue(JsonNumbers.fits(BigInteger.TEN.pow(999)));
        assertFalse(JsonNumbers.fits(BigInteger.TEN.pow(1000)));
        assertFalse(JsonNumbers.fits(BigInteger.TEN.pow(5000)));
        assertTrue(JsonNumbers.fits(NODES.numberNode(4.5)));
        assertFalse(JsonNumbers.fits(NODES.numberNode(Double.NaN)));
        assertFalse(JsonNumbers.fits(NODES.numberNode(Float.NEGATIVE_INFINITY)));
        assertFalse(JsonNumbers.fits(NODES.numberNode(new BigDecimal("1e999999999"))));
        assertTrue(JsonNumbers.fits(NODES.numberNode(Long.MIN_VALUE)));
        assertTrue(JsonNumbers.fits(NODES.textNode("1e999999999")), "only numbers are looked at");
    }
}
