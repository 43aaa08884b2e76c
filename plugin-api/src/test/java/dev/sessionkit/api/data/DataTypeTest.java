package dev.sessionkit.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.error.InvalidInputException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataTypeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @ParameterizedTest(name = "{0} accepts {1} as {2}")
    @CsvSource(delimiter = '|', value = {
            "STRING   | \"abc\"                        | \"abc\"",
            "STRING   | 42                             | \"42\"",
            "STRING   | true                           | \"true\"",
            "INTEGER  | 42                             | 42",
            "INTEGER  | \"42\"                         | 42",
            "INTEGER  | \" -7 \"                       | -7",
            "INTEGER  | 42.0                           | 42",
            "INTEGER  | 9223372036854775807            | 9223372036854775807",
            "NUMBER   | 3.14                           | 3.14",
            "NUMBER   | \"3.14\"                       | 3.14",
            "NUMBER   | 7                              | 7",
            "BOOLEAN  | true                           | true",
            "BOOLEAN  | \"FALSE\"                      | false",
            "DATETIME | \"2026-11-22T10:15:30+01:00\"  | \"2026-11-22T10:15:30+01:00\"",
            "DATETIME | \"2026-11-22T10:15:30Z\"       | \"2026-11-22T10:15:30Z\"",
            "OBJECT   | {\"a\":1}                      | {\"a\":1}",
            "ARRAY    | [1,2]                          | [1,2]"})
    void acceptsLosslessValues(DataType type, String given, String expected) throws Exception {
        JsonNode result = type.coerce("p", json(given));
        if (type == DataType.NUMBER) {
            assertEquals(json(expected).decimalValue().compareTo(result.decimalValue()), 0);
        } else {
            assertEquals(json(expected), result);
        }
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @CsvSource(delimiter = '|', value = {
            "STRING   | {\"a\":1}",
            "STRING   | [1]",
            "INTEGER  | 4.5",
            "INTEGER  | \"4.5\"",
            "INTEGER  | \"forty\"",
            "INTEGER  | 9223372036854775808",
            "INTEGER  | true",
            "NUMBER   | \"1,5\"",
            "NUMBER   | false",
            "BOOLEAN  | 1",
            "BOOLEAN  | \"yes\"",
            "DATETIME | \"2026-11-22T10:15:30\"",
            "DATETIME | \"yesterday\"",
            "DATETIME | 1700000000",
            "OBJECT   | [1]",
            "OBJECT   | \"{}\"",
            "ARRAY    | {\"a\":1}"})
    void refusesLossyValuesNamingParameterExpectedAndReceived(DataType type, String given) throws Exception {
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> type.coerce("qty", json(given)));
        assertEquals("TYPE_MISMATCH", error.code());
        assertEquals("qty", error.details().get("parameter"));
        assertEquals(type.name(), error.details().get("expected"));
        assertEquals(json(given).toString(), error.details().get("received"));
        assertTrue(error.getMessage().startsWith("'qty' expects " + type.name()), error.getMessage());
    }

    @Test
    void nullFitsEveryType() throws Exception {
        for (DataType type : DataType.values()) {
            assertTrue(type.coerce("p", null).isNull());
            assertTrue(type.coerce("p", json("null")).isNull());
        }
    }

    @Test
    void naturalTypes() throws Exception {
        assertEquals(DataType.INTEGER, DataType.of(json("1")));
        assertEquals(DataType.NUMBER, DataType.of(json("1.5")));
        assertEquals(DataType.STRING, DataType.of(json("\"2026-11-22T10:15:30Z\"")));
        assertNull(DataType.of(json("null")));
    }

    @Test
    void parsesNamesCaseInsensitivelyAndExplainsUnknownOnes() {
        assertEquals(DataType.DATETIME, DataType.parse("dataType", " datetime "));
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> DataType.parse("dataType", "DATE"));
        assertEquals("UNKNOWN_DATA_TYPE", error.code());
        assertTrue(error.getMessage().contains("STRING, INTEGER"));
    }

    @Test
    void numbersLongerThanTheLimitInPlainDigitsAreRefusedNeverExpanded() {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true);
        assertEquals(1000, DataType.NUMBER.coerce("n", nodes.textNode("1e999")).decimalValue().toPlainString()
                .length());
        for (String text : List.of("1e1000", "1e-1000", "1e999999999", "-1e999999999")) {
            InvalidInputException error = assertThrows(InvalidInputException.class,
                    () -> DataType.NUMBER.coerce("n", nodes.textNode(text)), text);
            assertEquals("TYPE_MISMATCH", error.code());
            assertTrue(error.getMessage().contains("at most 1000 characters"), error.getMessage());
            assertThrows(InvalidInputException.class,
                    () -> DataType.NUMBER.coerce("n", nodes.numberNode(new BigDecimal(text))), text);
            // 10^999999999 as a whole number would take a billion digits: refused without computing it.
            assertThrows(InvalidInputException.class, () -> DataType.INTEGER.coerce("n", nodes.textNode(text)),
                    text);
            assertThrows(InvalidInputException.class,
                    () -> DataType.INTEGER.coerce("n", nodes.numberNode(new BigDecimal(text))), text);
        }
        assertEquals(1_000_000_000_000_000_000L, DataType.INTEGER.coerce("n", nodes.textNode("1e18")).longValue());
        assertThrows(InvalidInputException.class, () -> DataType.INTEGER.coerce("n", nodes.textNode("1e19")));
        assertThrows(InvalidInputException.class, () -> DataType.NUMBER.coerce("n", nodes.numberNode(Double.NaN)));
        assertThrows(InvalidInputException.class,
                () -> DataType.INTEGER.coerce("n", nodes.numberNode(Double.POSITIVE_INFINITY)));
    }
}
