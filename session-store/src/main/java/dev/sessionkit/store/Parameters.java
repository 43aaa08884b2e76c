package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one session: names to JSON values, in the order they were first stored, with the names marked
 * secret. Immutable: a change returns a new instance (or this one when nothing changes), so readers never lock and
 * never see half a write.
 *
 * <h2>Layout</h2>
 * The values are held in one array, each as its length (a varint) and its compact JSON text ({@link StoredJson}), in
 * the names' order; a read decodes the values it returns. That is the value's counted size, the bytes the session
 * files write, and about a third of the heap of the Jackson nodes it replaces (docs/performance.md, Memory). The names
 * array holds exactly the names and is shared by every session holding the same short list of names
 * ({@link NameLists}). Up to {@value #LINEAR_SCAN_MAX} names, lookups are a linear scan and values are found by
 * walking the lengths; beyond, an open-addressing hash index and the start of each value are kept.
 *
 * <p>Every change writes a new array of values (the old one stays with the old instance): a change costs the session's
 * size in copied bytes, as the record the session files write for it does.
 */
final class Parameters {
    /** No parameters. */
    static final Parameters EMPTY = new Parameters(new String[0], new byte[0], null, 0, Set.of());

    private static final int LINEAR_SCAN_MAX = 8;
    private static final int KEPT = -2;
    /** The most bytes one session holds (names plus values): what one array can. */
    static final int MAX_BYTES = Integer.MAX_VALUE - 64;

    private final String[] names;
    /** Per value, in the names' order: its length as a varint, then its JSON text. */
    private final byte[] values;
    /**
     * Null for at most {@link #LINEAR_SCAN_MAX} names; else the hash index ({@link #slots} slots, each a position + 1,
     * 0 for empty), then where each value's length starts, then the end of the last value.
     */
    private final int[] lookup;
    /** Names plus values as JSON; a session's values fit one array, so this fits an int. */
    private final int bytes;
    private final Set<String> secrets;

    private Parameters(String[] names, byte[] values, int[] lookup, int bytes, Set<String> secrets) {
        this.names = names;
        this.values = values;
        this.lookup = lookup;
        this.bytes = bytes;
        this.secrets = secrets;
    }

    /**
     * The parameters of a session read back from its files ({@link JournalFormat}): the values' JSON text as it was
     * stored (it passed {@link PreparedWrite} when it was written), copied from the record, measured again.
     *
     * @param names   the names, each once, in their order
     * @param source  holds the values' JSON text, UTF-8
     * @param offsets where each name's value starts in {@code source}
     * @param lengths each value's length
     * @param secrets the names marked secret
     * @return the parameters; {@link #EMPTY} for none
     * @throws IllegalArgumentException when a name appears twice or the session is larger than {@link #MAX_BYTES}
     */
    static Parameters restored(String[] names, byte[] source, int[] offsets, int[] lengths, Set<String> secrets) {
        int count = names.length;
        if (count == 0) return EMPTY;
        long length = 0;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            length += entryLength(lengths[i]);
            bytes += JsonSize.utf8Length(names[i]) + lengths[i];
        }
        if (bytes > MAX_BYTES || length > MAX_BYTES) throw new IllegalArgumentException("a session of " + bytes
                + " bytes");
        byte[] packed = new byte[(int) length];
        int[] at = new int[count + 1];
        int end = 0;
        for (int i = 0; i < count; i++) {
            at[i] = end;
            end = writeEntry(packed, end, source, offsets[i], lengths[i]);
        }
        at[count] = end;
        Parameters restored = of(names, packed, at, (int) bytes,
                secrets.isEmpty() ? Set.of() : Set.copyOf(secrets));
        for (int i = 0; i < count; i++) {
            if (restored.indexOf(names[i]) != i) throw new IllegalArgumentException("name '" + names[i] + "' twice");
        }
        String[] shared = NameLists.shared(names);
        return shared == names ? restored
                : new Parameters(shared, packed, restored.lookup, restored.bytes, restored.secrets);
    }

    /**
     * @param starts where each value's length starts, plus the end
     * @return parameters over these arrays, with the index and starts kept when there are many names
     */
    private static Parameters of(String[] names, byte[] values, int[] starts, int bytes, Set<String> secrets) {
        int count = names.length;
        if (count == 0) return EMPTY;
        if (count <= LINEAR_SCAN_MAX) return new Parameters(names, values, null, bytes, secrets);
        int slots = slots(count);
        int[] lookup = new int[slots + count + 1];
        for (int i = 0; i < count; i++) {
            insert(lookup, slots, names[i], i);
        }
        System.arraycopy(starts, 0, lookup, slots, count + 1);
        return new Parameters(names, values, lookup, bytes, secrets);
    }

    /** @return the hash index's slots for this many names: a power of two, at least twice as many */
    private static int slots(int count) {
        return Integer.highestOneBit(count * 2 - 1) << 1;
    }

    /** @return how many parameters */
    int size() {
        return names.length;
    }

    /** @return true when there are none */
    boolean isEmpty() {
        return names.length == 0;
    }

    /** @return the bytes counted against the limits: names plus values as JSON */
    long bytes() {
        return bytes;
    }

    /** @return the names marked secret; unmodifiable */
    Set<String> secretNames() {
        return secrets;
    }

    /** @param name a name @return its value, or null when absent */
    JsonNode get(String name) {
        int at = indexOf(name);
        return at < 0 ? null : valueAt(start(at));
    }

    /**
     * @param wanted the names to read, or null for all
     * @return the present ones by name, in the order of {@code wanted} (for all: the order first stored);
     *         unmodifiable
     */
    Map<String, JsonNode> read(Collection<String> wanted) {
        int count = names.length;
        if (wanted == null) {
            if (count == 0) return Map.of();
            Map<String, JsonNode> all = FoundValues.forUpTo(count);
            int at = 0;
            for (int i = 0; i < count; i++) {
                all.put(names[i], valueAt(at));
                at = next(at);
            }
            return Collections.unmodifiableMap(all);
        }
        if (wanted.size() == 1) {
            String name = wanted.iterator().next();
            JsonNode value = get(name);
            return value == null ? Map.of() : Map.of(name, value);
        }
        Map<String, JsonNode> found = FoundValues.forUpTo(wanted.size());
        for (String name : wanted) {
            JsonNode value = get(name);
            if (value != null) found.put(name, value);
        }
        return Collections.unmodifiableMap(found);
    }

    /**
     * Hands each parameter's name and JSON text (UTF-8) to {@code sink}, in order: what the session files write.
     *
     * @param sink receives them
     * @throws IOException what the sink throws
     */
    void forEachEncoded(EncodedSink sink) throws IOException {
        int at = 0;
        for (String name : names) {
            int length = lengthAt(at);
            int text = at + varintLength(length);
            sink.accept(name, values, text, length);
            at = text + length;
        }
    }

    /** Receives a parameter as {@link #forEachEncoded} hands it. */
    @FunctionalInterface
    interface EncodedSink {
        /**
         * @param name   the name
         * @param bytes  holds the value's JSON text (do not modify)
         * @param offset where it starts
         * @param length its length
         * @throws IOException when it cannot be written
         */
        void accept(String name, byte[] bytes, int offset, int length) throws IOException;
    }

    /**
     * Stores values: all of them, or with {@code onlyIfAbsent} those not held yet.
     *
     * @param write         the values
     * @param onlyIfAbsent  keep held names instead of replacing them
     * @param secretNames   names to mark secret among those written; the others written lose their mark
     * @param maxParameters the most parameters a session may hold
     * @param kept          receives the names kept because of {@code onlyIfAbsent}
     * @return the parameters after the write; this instance when nothing was written
     * @throws dev.sessionkit.api.error.InsufficientStorageException code {@code SESSION_FULL}
     */
    Parameters put(PreparedWrite write, boolean onlyIfAbsent, Set<String> secretNames, int maxParameters,
                   List<String> kept) {
        int count = names.length;
        int[] from = starts();
        int[] positions = new int[write.size()];
        int[] replacement = null;
        int added = 0;
        long newBytes = bytes;
        long length = values.length;
        for (int i = 0; i < write.size(); i++) {
            int at = indexOf(write.name(i));
            if (at >= 0 && onlyIfAbsent) {
                kept.add(write.name(i));
                positions[i] = KEPT;
                continue;
            }
            positions[i] = at;
            byte[] encoded = write.encoded(i);
            newBytes += write.bytes(i);
            length += entryLength(encoded.length);
            if (at < 0) {
                added++;
                continue;
            }
            newBytes -= JsonSize.utf8Length(names[at]) + lengthAt(from[at]);
            length -= from[at + 1] - from[at];
            if (replacement == null) {
                replacement = new int[count];
                Arrays.fill(replacement, -1);
            }
            replacement[at] = i;
        }
        if (added == 0 && replacement == null) return this;
        int newCount = count + added;
        if (added > 0 && newCount > maxParameters) throw StoreErrors.sessionFull(maxParameters, newCount);
        if (newBytes > MAX_BYTES || length > MAX_BYTES) throw StoreErrors.sessionTooLarge(MAX_BYTES, newBytes);
        Set<String> newSecrets = marks(write, positions, secretNames);
        byte[] newValues = new byte[(int) length];
        int[] newStarts = new int[newCount + 1];
        int end;
        if (replacement == null) {
            System.arraycopy(values, 0, newValues, 0, values.length);
            System.arraycopy(from, 0, newStarts, 0, count);
            end = values.length;
        } else {
            end = 0;
            for (int at = 0; at < count; at++) {
                newStarts[at] = end;
                int i = replacement[at];
                if (i < 0) {
                    int entry = from[at + 1] - from[at];
                    System.arraycopy(values, from[at], newValues, end, entry);
                    end += entry;
                } else {
                    byte[] encoded = write.encoded(i);
                    end = writeEntry(newValues, end, encoded, 0, encoded.length);
                }
            }
        }
        String[] newNames = names;
        if (added > 0) {
            newNames = Arrays.copyOf(names, newCount);
            int next = count;
            for (int i = 0; i < write.size(); i++) {
                if (positions[i] != -1) continue;
                newNames[next] = write.name(i);
                newStarts[next++] = end;
                byte[] encoded = write.encoded(i);
                end = writeEntry(newValues, end, encoded, 0, encoded.length);
            }
            newNames = NameLists.shared(newNames);
        }
        newStarts[newCount] = end;
        if (added == 0 && lookup != null) { // the same names: the same index, new starts
            int slots = slots(count);
            int[] newLookup = Arrays.copyOf(lookup, lookup.length);
            System.arraycopy(newStarts, 0, newLookup, slots, count + 1);
            return new Parameters(names, newValues, newLookup, (int) newBytes, newSecrets);
        }
        return of(newNames, newValues, newStarts, (int) newBytes, newSecrets);
    }

    /** @return no parameters: {@link #EMPTY}, or this instance when it is empty already */
    Parameters clear() {
        return names.length == 0 ? this : EMPTY;
    }

    /**
     * @param kept names to keep
     * @return the parameters of {@code kept} only; this instance when there is no other
     */
    Parameters clearExcept(Set<String> kept) {
        List<String> others = new ArrayList<>(names.length);
        for (String name : names) {
            if (!kept.contains(name)) others.add(name);
        }
        return others.isEmpty() ? this : delete(others);
    }

    /**
     * @param wanted names to remove; absent ones are ignored
     * @return the parameters without them; this instance when none was present
     */
    Parameters delete(Collection<String> wanted) {
        int count = names.length;
        boolean[] removed = null;
        int removedCount = 0;
        for (String name : wanted) {
            int at = indexOf(name);
            if (at < 0) continue;
            if (removed == null) removed = new boolean[count];
            if (!removed[at]) {
                removed[at] = true;
                removedCount++;
            }
        }
        if (removedCount == 0) return this;
        if (removedCount == count) return EMPTY;
        int[] from = starts();
        int newCount = count - removedCount;
        String[] newNames = new String[newCount];
        int length = 0;
        for (int at = 0; at < count; at++) {
            if (!removed[at]) length += from[at + 1] - from[at];
        }
        byte[] newValues = new byte[length];
        int[] newStarts = new int[newCount + 1];
        Set<String> keptSecrets = secrets.isEmpty() ? null : new HashSet<>(secrets);
        long newBytes = bytes;
        int next = 0;
        int end = 0;
        for (int at = 0; at < count; at++) {
            int entry = from[at + 1] - from[at];
            if (removed[at]) {
                if (keptSecrets != null) keptSecrets.remove(names[at]);
                newBytes -= JsonSize.utf8Length(names[at]) + lengthAt(from[at]);
                continue;
            }
            newNames[next] = names[at];
            newStarts[next++] = end;
            System.arraycopy(values, from[at], newValues, end, entry);
            end += entry;
        }
        newStarts[newCount] = end;
        Set<String> newSecrets = keptSecrets == null ? secrets : Set.copyOf(keptSecrets);
        return of(NameLists.shared(newNames), newValues, newStarts, (int) newBytes, newSecrets);
    }

    /** @return where each value's length starts, plus the end: the kept array, or computed for few names */
    private int[] starts() {
        if (lookup != null) return Arrays.copyOfRange(lookup, slots(names.length), lookup.length);
        int[] computed = new int[names.length + 1];
        int at = 0;
        for (int i = 0; i < names.length; i++) {
            computed[i] = at;
            at = next(at);
        }
        computed[names.length] = at;
        return computed;
    }

    /** @return where the value at this position starts (its length) */
    private int start(int position) {
        if (lookup != null) return lookup[slots(names.length) + position];
        int at = 0;
        for (int i = 0; i < position; i++) {
            at = next(at);
        }
        return at;
    }

    /** @return the value whose length starts at {@code at} */
    private JsonNode valueAt(int at) {
        int length = lengthAt(at);
        return StoredJson.decode(values, at + varintLength(length), length);
    }

    /** @return where the entry after the one starting at {@code at} starts */
    private int next(int at) {
        int length = lengthAt(at);
        return at + varintLength(length) + length;
    }

    /** @return the length written at {@code at} (a varint: seven bits a byte, low bits first) */
    private int lengthAt(int at) {
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = values[at++];
            length |= (b & 0x7F) << shift;
            if (b >= 0) return length;
        }
    }

    /** @return the bytes of a varint holding {@code length} */
    private static int varintLength(int length) {
        int bytes = 1;
        while ((length >>>= 7) != 0) {
            bytes++;
        }
        return bytes;
    }

    /** @return the bytes an entry of a value of this length takes: its length, then the value */
    private static int entryLength(int length) {
        return varintLength(length) + length;
    }

    /** Writes an entry (length, then the text) at {@code at}; returns where it ends. */
    private static int writeEntry(byte[] target, int at, byte[] text, int offset, int length) {
        int rest = length;
        while ((rest & ~0x7F) != 0) {
            target[at++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        target[at++] = (byte) rest;
        System.arraycopy(text, offset, target, at, length);
        return at + length;
    }

    private int indexOf(String name) {
        if (lookup == null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) return i;
            }
            return -1;
        }
        int mask = slots(names.length) - 1;
        for (int slot = spread(name.hashCode()) & mask; ; slot = (slot + 1) & mask) {
            int entry = lookup[slot];
            if (entry == 0) return -1;
            if (names[entry - 1].equals(name)) return entry - 1;
        }
    }

    private Set<String> marks(PreparedWrite write, int[] positions, Set<String> secretNames) {
        Set<String> marks = null;
        for (int i = 0; i < write.size(); i++) {
            if (positions[i] == KEPT) continue;
            String name = write.name(i);
            boolean secret = secretNames.contains(name);
            if (secret != (marks == null ? secrets : marks).contains(name)) {
                if (marks == null) marks = new HashSet<>(secrets);
                if (secret) {
                    marks.add(name);
                } else {
                    marks.remove(name);
                }
            }
        }
        return marks == null ? secrets : Set.copyOf(marks);
    }

    private static void insert(int[] index, int slots, String name, int position) {
        int mask = slots - 1;
        int slot = spread(name.hashCode()) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = position + 1;
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
