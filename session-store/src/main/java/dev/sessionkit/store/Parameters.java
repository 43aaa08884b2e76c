package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one session: names to JSON values, in the order they were first stored, with the bytes each
 * counts and the names marked secret. Immutable: a change returns a new instance (or this one when nothing changes),
 * so readers never lock and never see half a write.
 *
 * <p>Lookups are a linear scan up to {@value #LINEAR_SCAN_MAX} names, then an open-addressing hash index. Appending
 * new names is amortized O(1): a successor that only appends may write into the unused tail of this instance's
 * arrays and share them. That is safe because
 * <ol>
 *   <li>an instance reads only positions below its own {@code count}, and its index lookups treat a slot that points
 *       at or beyond its count as empty (such a slot was empty when every one of its own names was indexed);</li>
 *   <li>only a session's current instance is edited, and edits of one session are serialized (the store edits inside
 *       Caffeine's per-key {@code compute});</li>
 *   <li>a tail that is already written (by a successor whose operation failed and was discarded) is never written
 *       again in place: {@code claimed} records how far the shared arrays are written, and an edit from an
 *       instance whose count is below that copies instead.</li>
 * </ol>
 * Any other edit (replacing a value, deleting) copies the arrays, keeping only this instance's positions.
 */
final class Parameters {
    /** No parameters. Its arrays have no room, so nothing is ever appended into them in place. */
    static final Parameters EMPTY = new Parameters(new String[0], new JsonNode[0], new long[0], null, new int[1], 0, 0,
            Set.of());

    private static final int LINEAR_SCAN_MAX = 8;
    private static final int KEPT = -2;

    private final String[] names;
    private final JsonNode[] values;
    private final long[] sizes;
    /** Slot to position + 1 (0: empty); null when the arrays hold at most {@link #LINEAR_SCAN_MAX} entries. */
    private final int[] index;
    /**
     * Shared by every instance over the same arrays: how many positions are written ({@code claimed[0]}). An append
     * may go in place only from the instance whose count equals it, so a second successor of one base copies.
     */
    private final int[] claimed;
    private final int count;
    private final long bytes;
    private final Set<String> secrets;

    private Parameters(String[] names, JsonNode[] values, long[] sizes, int[] index, int[] claimed, int count,
                       long bytes, Set<String> secrets) {
        this.names = names;
        this.values = values;
        this.sizes = sizes;
        this.index = index;
        this.claimed = claimed;
        this.count = count;
        this.bytes = bytes;
        this.secrets = secrets;
    }

    /**
     * The parameters of a session read back from its files ({@link JournalFormat}): the values as they were stored,
     * measured again, not copied or checked (they passed {@link PreparedWrite} when they were written).
     *
     * @param names   the names, each once, in their order
     * @param values  the value of each name
     * @param secrets the names marked secret
     * @return the parameters; {@link #EMPTY} for none
     * @throws IllegalArgumentException when a name appears twice
     */
    static Parameters restored(String[] names, JsonNode[] values, Set<String> secrets) {
        int count = names.length;
        if (count == 0) return EMPTY;
        long[] sizes = new long[count];
        long bytes = 0;
        int[] index = indexFor(count);
        for (int i = 0; i < count; i++) {
            sizes[i] = JsonSize.utf8Length(names[i]) + JsonSize.of(values[i]);
            bytes += sizes[i];
            if (index != null) insert(index, names[i], i);
        }
        Parameters restored = new Parameters(names, values, sizes, index, new int[] {count}, count, bytes,
                secrets.isEmpty() ? Set.of() : Set.copyOf(secrets));
        for (int i = 0; i < count; i++) {
            if (restored.indexOf(names[i]) != i) throw new IllegalArgumentException("name '" + names[i] + "' twice");
        }
        return restored;
    }

    /** @return how many parameters */
    int size() {
        return count;
    }

    /** @return true when there are none */
    boolean isEmpty() {
        return count == 0;
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
        return at < 0 ? null : values[at];
    }

    /**
     * @param wanted the names to read, or null for all
     * @return the present ones by name, in the order of {@code wanted} (for all: the order first stored);
     *         unmodifiable
     */
    Map<String, JsonNode> read(Collection<String> wanted) {
        if (wanted == null) {
            if (count == 0) return Map.of();
            Map<String, JsonNode> all = new LinkedHashMap<>(capacityOfHashMap(count));
            for (int i = 0; i < count; i++) {
                all.put(names[i], values[i]);
            }
            return Collections.unmodifiableMap(all);
        }
        if (wanted.size() == 1) {
            String name = wanted.iterator().next();
            int at = indexOf(name);
            return at < 0 ? Map.of() : Map.of(name, values[at]);
        }
        Map<String, JsonNode> found = new LinkedHashMap<>(capacityOfHashMap(wanted.size()));
        for (String name : wanted) {
            int at = indexOf(name);
            if (at >= 0) found.put(name, values[at]);
        }
        return Collections.unmodifiableMap(found);
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
        int[] positions = new int[write.size()];
        int added = 0;
        int replaced = 0;
        long newBytes = bytes;
        for (int i = 0; i < write.size(); i++) {
            int at = indexOf(write.name(i));
            if (at >= 0 && onlyIfAbsent) {
                kept.add(write.name(i));
                positions[i] = KEPT;
                continue;
            }
            positions[i] = at;
            if (at < 0) {
                added++;
                newBytes += write.bytes(i);
            } else {
                replaced++;
                newBytes += write.bytes(i) - sizes[at];
            }
        }
        if (added + replaced == 0) return this;
        int newCount = count + added;
        if (added > 0 && newCount > maxParameters) throw StoreErrors.sessionFull(maxParameters, newCount);
        Set<String> newSecrets = marks(write, positions, secretNames);
        boolean inPlace = replaced == 0 && newCount <= names.length && claimed[0] == count;
        String[] newNames = inPlace ? names : new String[capacityFor(newCount)];
        JsonNode[] newValues = inPlace ? values : new JsonNode[newNames.length];
        long[] newSizes = inPlace ? sizes : new long[newNames.length];
        if (!inPlace) {
            System.arraycopy(names, 0, newNames, 0, count);
            System.arraycopy(values, 0, newValues, 0, count);
            System.arraycopy(sizes, 0, newSizes, 0, count);
        }
        int next = count;
        for (int i = 0; i < write.size(); i++) {
            int at = positions[i];
            if (at == KEPT) continue;
            if (at < 0) {
                at = next++;
                newNames[at] = write.name(i);
            }
            newValues[at] = write.value(i);
            newSizes[at] = write.bytes(i);
        }
        int[] newIndex = inPlace ? index : indexFor(newNames.length);
        if (newIndex != null) {
            for (int at = inPlace ? count : 0; at < newCount; at++) {
                insert(newIndex, newNames[at], at);
            }
        }
        int[] newClaimed = inPlace ? claimed : new int[1];
        newClaimed[0] = newCount;
        return new Parameters(newNames, newValues, newSizes, newIndex, newClaimed, newCount, newBytes, newSecrets);
    }

    /** @return no parameters: {@link #EMPTY}, or this instance when it is empty already */
    Parameters clear() {
        return count == 0 ? this : EMPTY;
    }

    /**
     * @param kept names to keep
     * @return the parameters of {@code kept} only; this instance when there is no other
     */
    Parameters clearExcept(Set<String> kept) {
        List<String> others = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!kept.contains(names[i])) others.add(names[i]);
        }
        return others.isEmpty() ? this : delete(others);
    }

    /**
     * @param wanted names to remove; absent ones are ignored
     * @return the parameters without them; this instance when none was present
     */
    Parameters delete(Collection<String> wanted) {
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
        int newCount = count - removedCount;
        String[] newNames = new String[newCount];
        JsonNode[] newValues = new JsonNode[newCount];
        long[] newSizes = new long[newCount];
        int[] newIndex = indexFor(newCount);
        Set<String> keptSecrets = secrets.isEmpty() ? null : new HashSet<>(secrets);
        long newBytes = 0;
        int next = 0;
        for (int i = 0; i < count; i++) {
            if (removed[i]) {
                if (keptSecrets != null) keptSecrets.remove(names[i]);
                continue;
            }
            newNames[next] = names[i];
            newValues[next] = values[i];
            newSizes[next] = sizes[i];
            newBytes += sizes[i];
            if (newIndex != null) insert(newIndex, names[i], next);
            next++;
        }
        Set<String> newSecrets = keptSecrets == null ? secrets : Set.copyOf(keptSecrets);
        return new Parameters(newNames, newValues, newSizes, newIndex, new int[] {newCount}, newCount, newBytes,
                newSecrets);
    }

    private int indexOf(String name) {
        if (index == null) {
            for (int i = 0; i < count; i++) {
                if (names[i].equals(name)) return i;
            }
            return -1;
        }
        int mask = index.length - 1;
        for (int slot = spread(name.hashCode()) & mask; ; slot = (slot + 1) & mask) {
            int entry = index[slot];
            // An entry beyond this instance's count was appended by a successor into a slot that was empty here.
            if (entry == 0 || entry > count) return -1;
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

    /** Room for a grown copy: exact for small sessions, else half as much again, so appends stay amortized O(1). */
    private int capacityFor(int needed) {
        if (needed <= LINEAR_SCAN_MAX) return needed;
        return Math.max(needed, count + (count >> 1));
    }

    private static int[] indexFor(int capacity) {
        if (capacity <= LINEAR_SCAN_MAX) return null;
        return new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
    }

    private static void insert(int[] index, String name, int position) {
        int mask = index.length - 1;
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

    private static int capacityOfHashMap(int entries) {
        return (int) Math.ceil(entries / 0.75);
    }
}
