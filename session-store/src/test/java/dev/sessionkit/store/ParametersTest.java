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

/** The copy-on-write parameter map, in particular its in-place appends into shared arrays. */
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
        Parameters base = withNames(13); // grown from 12 by half: room for 5 more, so the first append is in place
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
            JsonNode[] values = new JsonNode[count];
            for (int i = 0; i < count; i++) {
                names[i] = "name-" + i;
                values[i] = IntNode.valueOf(names[i].length());
            }
            Parameters restored = Parameters.restored(names, values, Set.of());
            assertHolds(restored, count);
            assertEquals(written.bytes(), restored.bytes(), count + " parameters");
            assertNull(restored.get("absent"));
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Parameters.restored(
                new String[] {"a", "b", "a"}, new JsonNode[] {IntNode.valueOf(1), IntNode.valueOf(2),
                        IntNode.valueOf(3)}, Set.of()));
    }
}
