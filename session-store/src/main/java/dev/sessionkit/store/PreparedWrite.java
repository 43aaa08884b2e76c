package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.JsonNumbers;
import dev.sessionkit.api.session.PutResult;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The values of one {@code put}, checked, copied, encoded as the store holds them ({@link StoredJson}) and measured
 * before the session is locked, in the order given. Immutable.
 *
 * <p>Objects and arrays are copied, so a caller that breaks the contract and changes a node after handing it over
 * cannot change what the put answers; scalar nodes are immutable and kept as they are. What the store holds is the
 * encoded text, made here.
 */
final class PreparedWrite {
    /**
     * The deepest a value may nest (objects and arrays, as Jackson counts it): the host's request limit, well under
     * Jackson's writing limit (1,000), so a stored value can always be measured and answered inside a message.
     */
    static final int MAX_DEPTH = 256;

    private final String[] names;
    private final JsonNode[] values;
    private final byte[][] encoded;
    private final long[] sizes;

    private PreparedWrite(String[] names, JsonNode[] values, byte[][] encoded, long[] sizes) {
        this.names = names;
        this.values = values;
        this.encoded = encoded;
        this.sizes = sizes;
    }

    /**
     * @param values        names to values, at least one
     * @param maxValueBytes the largest value allowed, as JSON
     * @return the prepared write
     * @throws NullPointerException for a null name or value
     * @throws dev.sessionkit.api.error.InvalidInputException   for no values, an empty name, a name longer than
     *                                                          {@link SessionLimits#MAX_NAME_LENGTH}
     *                                                          ({@code INVALID_PARAMETER_NAME}), a non-JSON value or a
     *                                                          number too long to write ({@code NUMBER_TOO_LONG}),
     *                                                          a value nested too deep ({@code VALUE_TOO_DEEP})
     * @throws dev.sessionkit.api.error.PayloadTooLargeException code {@code VALUE_TOO_LARGE}
     */
    static PreparedWrite of(Map<String, JsonNode> values, long maxValueBytes) {
        if (values.isEmpty()) throw StoreErrors.noValues();
        int count = values.size();
        String[] names = new String[count];
        JsonNode[] copies = new JsonNode[count];
        byte[][] encoded = new byte[count][];
        long[] sizes = new long[count];
        int i = 0;
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            String name = Objects.requireNonNull(entry.getKey(), "parameter name");
            if (name.isEmpty()) throw StoreErrors.emptyName();
            checkLength(name);
            JsonNode copy = copyOf(name, Objects.requireNonNull(entry.getValue(), () -> "value of " + name), 0);
            names[i] = name;
            copies[i] = copy;
            encoded[i] = measured(name, copy, maxValueBytes);
            sizes[i] = JsonSize.utf8Length(name) + encoded[i].length;
            i++;
        }
        return new PreparedWrite(names, copies, encoded, sizes);
    }

    /**
     * The values an {@link SessionStore#update} computed from stored ones and checked inputs ({@link ParameterEdits}):
     * measured, not copied (they are new containers over nodes the store already holds, which no one modifies).
     *
     * @param values        names to new values, at least one
     * @param maxValueBytes the largest value allowed, as JSON
     * @return the prepared write
     * @throws dev.sessionkit.api.error.PayloadTooLargeException code {@code VALUE_TOO_LARGE}
     * @throws dev.sessionkit.api.error.InvalidInputException   code {@code INVALID_PARAMETER_NAME} for a name longer
     *                                                          than {@link SessionLimits#MAX_NAME_LENGTH}
     */
    static PreparedWrite computed(Map<String, JsonNode> values, long maxValueBytes) {
        int count = values.size();
        String[] names = new String[count];
        JsonNode[] nodes = new JsonNode[count];
        byte[][] encoded = new byte[count][];
        long[] sizes = new long[count];
        int i = 0;
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            names[i] = checkLength(entry.getKey());
            nodes[i] = entry.getValue();
            encoded[i] = measured(names[i], nodes[i], maxValueBytes);
            sizes[i] = JsonSize.utf8Length(names[i]) + encoded[i].length;
            i++;
        }
        return new PreparedWrite(names, nodes, encoded, sizes);
    }

    /**
     * @return the name, when it is at most {@link SessionLimits#MAX_NAME_LENGTH} characters long
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_PARAMETER_NAME} for a longer one
     */
    private static String checkLength(String name) {
        if (name.length() > SessionLimits.MAX_NAME_LENGTH) throw StoreErrors.nameTooLong(name.length());
        return name;
    }

    /**
     * @return the value encoded as the store holds it, whose length is its counted size
     * @throws dev.sessionkit.api.error.PayloadTooLargeException {@code VALUE_TOO_LARGE}
     */
    private static byte[] measured(String name, JsonNode value, long maxValueBytes) {
        byte[] encoded = StoredJson.encode(value);
        if (encoded.length > maxValueBytes) throw StoreErrors.valueTooLarge(name, encoded.length, maxValueBytes);
        return encoded;
    }

    /** @return how many values */
    int size() {
        return names.length;
    }

    /** @param i a position @return the name at it */
    String name(int i) {
        return names[i];
    }

    /** @param i a position @return the (copied) value at it */
    JsonNode value(int i) {
        return values[i];
    }

    /** @param i a position @return the value as the store holds it: its JSON text in UTF-8 (do not modify) */
    byte[] encoded(int i) {
        return encoded[i];
    }

    /** @param i a position @return the bytes the entry counts: name plus value as JSON */
    long bytes(int i) {
        return sizes[i];
    }

    /**
     * @param kept    the names the write kept instead of replacing (set-if-absent), in the order given
     * @param version the session's version after the write
     * @return what a put answers: the values stored, in the order given, the names kept, the version
     */
    PutResult result(List<String> kept, long version) {
        Set<String> keptNames = kept.isEmpty() ? Set.of() : new HashSet<>(kept);
        Map<String, JsonNode> stored = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (!keptNames.contains(names[i])) stored.put(names[i], values[i]);
        }
        return new PutResult(stored, kept, version);
    }

    /**
     * Copies objects and arrays deeply, keeps immutable scalars, refuses what is not JSON, numbers that could not
     * be written back ({@link JsonNumbers}) and values nested deeper than {@link #MAX_DEPTH}.
     *
     * @param depth the containers around {@code node} (0 for the value itself)
     */
    static JsonNode copyOf(String parameter, JsonNode node, int depth) {
        JsonNodeType type = node.getNodeType();
        if (type == JsonNodeType.POJO || type == JsonNodeType.MISSING) throw StoreErrors.notJson(parameter);
        if (type == JsonNodeType.NUMBER && !JsonNumbers.fits(node)) throw StoreErrors.numberTooLong(parameter);
        if (node.isContainerNode() && depth >= MAX_DEPTH) throw StoreErrors.valueTooDeep(parameter, MAX_DEPTH);
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), copyOf(parameter, field.getValue(), depth + 1));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            for (JsonNode element : node) {
                copy.add(copyOf(parameter, element, depth + 1));
            }
            return copy;
        }
        return node;
    }
}
