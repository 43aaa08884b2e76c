package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The values one read found, by name, in the order they were asked for: an unmodifiable map over two arrays, for
 * reads of up to {@value #MAX} names. A read makes one map per call and usually names a handful of parameters; a
 * {@link java.util.LinkedHashMap} of three values behind an unmodifiable view takes about three times the heap, and
 * comparing a name with each key beats hashing at this size.
 *
 * <p>Filled by the read that makes it ({@link #put}), then handed out only behind
 * {@link Collections#unmodifiableMap}: every mutator throws, and the view's final field publishes the filled arrays
 * safely to any thread. {@code equals} and {@code hashCode} are those of any map with the same entries.
 */
final class FoundValues extends AbstractMap<String, JsonNode> {
    /** The most names a read hands over in this form; larger reads use a {@link LinkedHashMap}. */
    static final int MAX = 8;

    private final String[] names;
    private final JsonNode[] values;
    private int size;

    private FoundValues(int capacity) {
        names = new String[capacity];
        values = new JsonNode[capacity];
    }

    /**
     * The map a read fills, before it wraps it in {@link Collections#unmodifiableMap}.
     *
     * @param entries the most entries the read may find
     * @return a new, empty map keeping insertion order: one of these up to {@link #MAX} entries, else a
     *         {@link LinkedHashMap} sized for them
     */
    static Map<String, JsonNode> forUpTo(int entries) {
        return entries <= MAX ? new FoundValues(entries)
                : new LinkedHashMap<>((int) Math.ceil(entries / 0.75));
    }

    /**
     * Adds a value while the read fills the map, before anyone else sees it. A name already present keeps its value,
     * which a read finds the same for both.
     *
     * @param name  a name, not null
     * @param value its value, not null
     * @return the value already held for the name, or null
     */
    @Override
    public JsonNode put(String name, JsonNode value) {
        int at = indexOf(name);
        if (at >= 0) return values[at];
        names[size] = name;
        values[size++] = value;
        return null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public JsonNode get(Object name) {
        int at = indexOf(name);
        return at < 0 ? null : values[at];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
        for (int i = 0; i < size; i++) action.accept(names[i], values[i]);
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, JsonNode>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, JsonNode> next() {
                        if (next >= size) throw new NoSuchElementException();
                        int at = next++;
                        return new SimpleImmutableEntry<>(names[at], values[at]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) return i;
        }
        return -1;
    }
}
