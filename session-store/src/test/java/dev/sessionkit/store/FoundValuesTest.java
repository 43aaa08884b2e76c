package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The map a read of a few names returns: ordered as asked, unmodifiable, equal to any map of the same entries. */
class FoundValuesTest {

    private static Parameters stored(String... names) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (String name : names) {
            values.put(name, TextNode.valueOf("v-" + name));
        }
        return Parameters.EMPTY.put(PreparedWrite.of(values, Long.MAX_VALUE), false, Set.of(), Integer.MAX_VALUE,
                new ArrayList<>());
    }

    @Test
    void aReadOfAFewNamesKeepsTheOrderAskedAndLeavesOutAbsentOnes() {
        Map<String, JsonNode> read = stored("a", "b", "c", "d").read(List.of("c", "x", "a", "d"));

        assertEquals(List.of("c", "a", "d"), List.copyOf(read.keySet()));
        assertEquals(List.of("v-c", "v-a", "v-d"), read.values().stream().map(JsonNode::textValue).toList());
        assertEquals(TextNode.valueOf("v-a"), read.get("a"));
        assertNull(read.get("x"));
        assertNull(read.get(null));
        assertFalse(read.containsKey("b"));
        assertTrue(read.containsKey("d"));
    }

    @Test
    void aNameAskedTwiceIsFoundOnce() {
        Map<String, JsonNode> read = stored("a", "b").read(List.of("a", "b", "a"));
        assertEquals(2, read.size());
        assertEquals(List.of("a", "b"), List.copyOf(read.keySet()));
    }

    @Test
    void equalsAndHashCodeAreThoseOfAnyMapWithTheSameEntries() {
        Map<String, JsonNode> read = stored("a", "b", "c").read(null);
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        expected.put("a", TextNode.valueOf("v-a"));
        expected.put("b", TextNode.valueOf("v-b"));
        expected.put("c", TextNode.valueOf("v-c"));

        assertEquals(expected, read);
        assertEquals(read, expected);
        assertEquals(expected.hashCode(), read.hashCode());
        assertEquals(expected.toString(), read.toString());
    }

    @Test
    void everyMutatorThrows() {
        Map<String, JsonNode> read = stored("a", "b", "c").read(List.of("a", "b"));
        IntNode one = IntNode.valueOf(1);

        assertThrows(UnsupportedOperationException.class, () -> read.put("z", one));
        assertThrows(UnsupportedOperationException.class, () -> read.remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> read.remove("absent"));
        assertThrows(UnsupportedOperationException.class, () -> read.keySet().remove("absent"));
        assertThrows(UnsupportedOperationException.class, () -> read.putAll(Map.of()));
        assertThrows(UnsupportedOperationException.class, () -> read.computeIfPresent("absent", (k, v) -> v));
        assertThrows(UnsupportedOperationException.class, () -> stored("a").read(List.of("x", "y")).clear());
        assertThrows(UnsupportedOperationException.class, read::clear);
        assertThrows(UnsupportedOperationException.class, () -> read.keySet().remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> read.entrySet().iterator().next().setValue(one));
        Iterator<Map.Entry<String, JsonNode>> entries = read.entrySet().iterator();
        entries.next();
        assertThrows(UnsupportedOperationException.class, entries::remove);
        entries.next();
        assertThrows(NoSuchElementException.class, entries::next);
        assertEquals(2, read.size());
    }

    @Test
    void readsOfManyNamesKeepTheirOrderToo() {
        String[] names = new String[FoundValues.MAX + 1];
        for (int i = 0; i < names.length; i++) names[i] = "n" + i;
        Parameters parameters = stored(names);

        Map<String, JsonNode> all = parameters.read(null);
        assertEquals(List.of(names), List.copyOf(all.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> all.remove("n0"));
        List<String> backwards = new ArrayList<>(List.of(names));
        Collections.reverse(backwards);
        assertEquals(backwards, List.copyOf(parameters.read(backwards).keySet()));
    }
}
