package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The copy-on-write parameter map: every version keeps its own parameters, order and index, values held as their JSON
 * text (lengths of one and several varint bytes) read back as written, and name lists shared between sessions.
 */
class ParametersTest {

    private static Parameters put(Parameters base, String... names) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (String name : names) {
            values.put(name, IntNode.valueOf(name.length()));
        }
        return base.put(PreparedWrite.of(values, Long.MAX_VALUE), false, Set.of(), Integer.MAX_VALUE,
                new ArrayList<>());
    }

    private static Parameters withNames(int count) {
        Parameters parameters = Parameters.EMPTY;
        for (int i = 0; i < count; i++) {
            parameters = put(parameters, "name-" + i);
        }
        return parameters;
    }

    private static void assertHolds(Parameters parameters, int count) {
        assertEquals(count, parameters.size());
        for (int i = 0; i < count; i++) {
            assertEquals(("name-" + i).length(), parameters.get("name-" + i).intValue(), "name-" + i);
        }
        assertNull(parameters.get("name-" + count));
        assertEquals(count, parameters.read(null).size());
    }

    @Test
    void everyEarlierVersionKeepsSeeingExactlyItsOwnParameters() {
        List<Parameters> versions = new ArrayList<>();
        Parameters parameters = Parameters.EMPTY;
        for (int i = 0; i < 300; i++) {
            versions.add(parameters);
            parameters = put(parameters, "name-" + i);
        }
        versions.add(parameters);

        for (int count = 0; count < versions.size(); count++) {
            assertHolds(versions.get(count), count);
        }
    }

    @Test
    void aSecondAppendFromTheSameBaseCopiesInsteadOfOverwritingTheFirst() {
        Parameters base = withNames(13);
        Parameters discarded = put(base, "first-successor");
        Parameters kept = put(base, "second-successor");

        assertEquals(14, discarded.size());
        assertEquals(14, kept.size());
        assertEquals("first-successor".length(), discarded.get("first-successor").intValue());
        assertNull(kept.get("first-successor"));
        assertEquals("second-successor".length(), kept.get("second-successor").intValue());
        assertNull(discarded.get("second-successor"));
        assertHolds(base, 13);
    }

    @Test
    void replacingAValueLeavesEarlierVersionsUnchanged() {
        Parameters before = withNames(20);
        Parameters after = before.put(PreparedWrite.of(Map.of("name-3", IntNode.valueOf(99)), Long.MAX_VALUE),
                false, Set.of(), Integer.MAX_VALUE, new ArrayList<>());

        assertEquals(99, after.get("name-3").intValue());
        assertEquals(6, before.get("name-3").intValue());
        assertEquals(before.bytes() - 1 + 2, after.bytes());
        assertEquals(List.of("name-0", "name-1", "name-2", "name-3"), new ArrayList<>(after.read(null).keySet())
                .subList(0, 4));
    }

    @Test
    void deletingKeepsTheOrderAndTheIndexOfWhatRemains() {
        Parameters before = withNames(40);
        Parameters after = before.delete(List.of("name-0", "name-17", "name-39", "absent"));

        assertEquals(37, after.size());
        assertNull(after.get("name-17"));
        assertEquals(7, after.get("name-25").intValue());
        assertEquals("name-1", after.read(null).keySet().iterator().next());
        Parameters grown = put(after, "name-17");
        assertEquals(7, grown.get("name-17").intValue());
        assertHolds(before, 40);
        assertSame(before, before.delete(List.of("absent")));
        assertSame(Parameters.EMPTY, before.delete(before.read(null).keySet()));
    }

    @Test
    void bytesAreNamesPlusJsonValues() {
        Parameters parameters = put(Parameters.EMPTY, "abc", "de");

        assertEquals((3 + 1) + (2 + 1), parameters.bytes());
        assertEquals(2 + 1, parameters.delete(List.of("abc")).bytes());
    }

    @Test
    void restoredParametersCountAndFindAsWrittenOnesAndRefuseANameTwice() {
        for (int count : new int[] {0, 3, 20}) {
            Parameters written = withNames(count);
            String[] names = new String[count];
            StringBuilder record = new StringBuilder("~"); // the values' text within a record, as the files hold it
            int[] offsets = new int[count];
            int[] lengths = new int[count];
            for (int i = 0; i < count; i++) {
                names[i] = "name-" + i;
                offsets[i] = record.length();
                record.append(names[i].length()).append('~');
                lengths[i] = record.length() - 1 - offsets[i];
            }
            Parameters restored = Parameters.restored(names, record.toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), offsets, lengths, Set.of());
            assertHolds(restored, count);
            assertEquals(written.bytes(), restored.bytes(), count + " parameters");
            assertNull(restored.get("absent"));
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Parameters.restored(
                new String[] {"a", "b", "a"}, new byte[] {'1', '2', '3'}, new int[] {0, 1, 2}, new int[] {1, 1, 1},
                Set.of()));
    }

    @Test
    void valuesOfEveryLengthAndKindReadBackAsWrittenAfterReplacesAndDeletes() throws Exception {
        // Numbers as the store reads them back: exact decimals (2.50 keeps its scale), as from Redis or the files.
        com.fasterxml.jackson.databind.ObjectMapper json = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("short", json.readTree("\"a\""));
        values.put("long", json.readTree("\"" + "x".repeat(200) + "\"")); // a two-byte length
        values.put("longer", json.readTree("\"" + "y".repeat(20_000) + "\"")); // a three-byte length
        values.put("object", json.readTree("{\"items\": [1, 2.50, \"é\"], \"open\": true}"));
        values.put("none", json.readTree("null"));
        for (int extra : new int[] {0, 10}) { // few names (walked) and many (indexed)
            Map<String, JsonNode> all = new LinkedHashMap<>(values);
            for (int i = 0; i < extra; i++) {
                all.put("extra-" + i, IntNode.valueOf(i));
            }
            Parameters parameters = Parameters.EMPTY.put(PreparedWrite.of(all, Long.MAX_VALUE), false, Set.of(),
                    Integer.MAX_VALUE, new ArrayList<>());
            org.junit.jupiter.api.Assertions.assertTrue(all.equals(parameters.read(null)), "read back as written");
            Parameters replaced = parameters.put(PreparedWrite.of(Map.of("long", json.readTree("\"b\"")),
                    Long.MAX_VALUE), false, Set.of(), Integer.MAX_VALUE, new ArrayList<>());
            assertEquals("b", replaced.get("long").textValue());
            org.junit.jupiter.api.Assertions.assertTrue(values.get("longer").equals(replaced.get("longer")),
                    "the value after a shorter one moved");
            assertEquals(values.get("object"), replaced.get("object"));
            assertEquals(parameters.bytes() - 202 + 3, replaced.bytes());
            Parameters deleted = replaced.delete(List.of("short", "longer"));
            assertEquals(values.get("object"), deleted.get("object"));
            assertEquals(json.readTree("null"), deleted.get("none"));
            assertEquals(replaced.bytes() - (5 + 3) - (6 + 20_002), deleted.bytes());
            org.junit.jupiter.api.Assertions.assertTrue(all.equals(parameters.read(null)),
                    "the first version is unchanged");
        }
    }

    @Test
    void twoSessionsHoldingTheSameNamesShareOneNameList() {
        Parameters first = put(put(Parameters.EMPTY, "username", "roleId"), "cartId", "itemCount");
        Parameters second = put(put(Parameters.EMPTY, "username", "roleId"), "cartId", "itemCount");

        Map<String, JsonNode> firstValues = first.read(null);
        Map<String, JsonNode> secondValues = second.read(null);
        assertEquals(firstValues, secondValues);
        java.util.Iterator<String> a = firstValues.keySet().iterator();
        java.util.Iterator<String> b = secondValues.keySet().iterator();
        while (a.hasNext()) {
            assertSame(a.next(), b.next(), "one name string, held once for both sessions");
        }
    }
}
