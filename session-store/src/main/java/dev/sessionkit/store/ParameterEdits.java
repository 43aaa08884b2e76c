package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.data.JsonNumbers;
import dev.sessionkit.api.session.ParameterUpdate;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What one {@link ParameterUpdate} makes of a parameter's value, in the embedded store (the Redis script does the
 * same on JSON text; {@code SessionStoreContract} holds both to it). Values are immutable by contract, so an edit
 * builds new containers along what it changes and shares the rest with the stored value.
 *
 * <p>Stateless and thread-safe.
 */
final class ParameterEdits {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ParameterEdits() {
    }

    /**
     * @param update  the update, its values already checked and copied ({@link PreparedUpdate})
     * @param current the parameter's value, or null when absent
     * @return the value after the update: {@code current} itself when a remove or unset found nothing to change,
     *         null when the parameter stays absent
     * @throws dev.sessionkit.api.error.InvalidInputException {@code WRONG_PARAMETER_TYPE}, {@code INTEGER_OVERFLOW},
     *                                                        {@code NUMBER_TOO_LONG}
     */
    static JsonNode apply(ParameterUpdate update, JsonNode current) {
        if (update instanceof ParameterUpdate.Append append) return append(append, current);
        if (update instanceof ParameterUpdate.Remove remove) return remove(remove, current);
        if (update instanceof ParameterUpdate.Increment increment) return increment(increment, current);
        if (update instanceof ParameterUpdate.Merge merge) return merge(merge, current);
        return unset((ParameterUpdate.Unset) update, current);
    }

    /** @return whether the update counts as a change even when the value comes out the same (see the contract) */
    static boolean alwaysChanges(ParameterUpdate update) {
        return !(update instanceof ParameterUpdate.Remove || update instanceof ParameterUpdate.Unset);
    }

    private static JsonNode append(ParameterUpdate.Append append, JsonNode current) {
        if (current != null && !current.isArray()) throw StoreErrors.wrongParameterType(append, 0, current);
        ArrayNode next = NODES.arrayNode((current == null ? 0 : current.size()) + append.items().size());
        if (current != null) next.addAll((ArrayNode) current);
        next.addAll(append.items());
        return next;
    }

    private static JsonNode remove(ParameterUpdate.Remove remove, JsonNode current) {
        if (current == null) return null;
        if (!current.isArray()) throw StoreErrors.wrongParameterType(remove, 0, current);
        ArrayNode kept = null;
        for (int i = 0; i < current.size(); i++) {
            JsonNode element = current.get(i);
            boolean removed = matchesAny(element, remove.values());
            if (removed && kept == null) {
                kept = NODES.arrayNode(current.size());
                for (int j = 0; j < i; j++) {
                    kept.add(current.get(j));
                }
            } else if (!removed && kept != null) {
                kept.add(element);
            }
        }
        return kept == null ? current : kept;
    }

    private static boolean matchesAny(JsonNode element, List<JsonNode> values) {
        for (JsonNode value : values) {
            if (JsonValues.same(element, value)) return true;
        }
        return false;
    }

    private static JsonNode increment(ParameterUpdate.Increment increment, JsonNode current) {
        if (current != null && !current.isNumber()) throw StoreErrors.wrongParameterType(increment, 0, current);
        BigDecimal before = current == null ? BigDecimal.ZERO : JsonValues.decimal(current);
        if (increment.type() == DataType.INTEGER) {
            if (!JsonValues.isWhole(before)) throw StoreErrors.wrongParameterType(increment, 0, current);
            if (!JsonValues.fitsLong(before)) throw StoreErrors.integerOverflow(increment);
            BigDecimal sum = before.add(increment.amount());
            if (!JsonValues.fitsLong(sum)) throw StoreErrors.integerOverflow(increment);
            return JsonValues.numberNode(sum.setScale(0));
        }
        BigDecimal sum = before.add(increment.amount());
        if (JsonNumbers.plainLength(sum) > JsonNumbers.MAX_LENGTH) throw StoreErrors.numberTooLong(increment.name());
        // A negative scale writes the same plain digits as scale 0, which is how the host reads them back.
        return JsonValues.numberNode(sum.scale() < 0 ? sum.setScale(0) : sum);
    }

    private static JsonNode merge(ParameterUpdate.Merge merge, JsonNode current) {
        if (current != null && !current.isObject()) throw StoreErrors.wrongParameterType(merge, 0, current);
        return mergeAt(merge, (ObjectNode) current, 0);
    }

    /** Merges into the object at {@code path[at..]} below {@code target} (null: absent, starts as {}). */
    private static ObjectNode mergeAt(ParameterUpdate.Merge merge, ObjectNode target, int at) {
        ObjectNode copy = copyOf(target);
        if (at == merge.path().size()) return mergeInto(copy, merge.object());
        String field = merge.path().get(at);
        JsonNode child = copy.get(field);
        if (child != null && !child.isObject()) throw StoreErrors.wrongParameterType(merge, at + 1, child);
        copy.set(field, mergeAt(merge, (ObjectNode) child, at + 1));
        return copy;
    }

    /** Sets the fields of {@code given} in {@code target} (a fresh copy), merging objects under one field deeply. */
    private static ObjectNode mergeInto(ObjectNode target, ObjectNode given) {
        for (Map.Entry<String, JsonNode> field : given.properties()) {
            JsonNode existing = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing != null && existing.isObject() && value.isObject()) {
                target.set(field.getKey(), mergeInto(copyOf((ObjectNode) existing), (ObjectNode) value));
            } else {
                target.set(field.getKey(), value);
            }
        }
        return target;
    }

    private static JsonNode unset(ParameterUpdate.Unset unset, JsonNode current) {
        if (current == null) return null;
        if (!current.isObject()) throw StoreErrors.wrongParameterType(unset, 0, current);
        return unsetAt(unset, (ObjectNode) current, 0);
    }

    /** @return {@code target} without the field at {@code path[at..]}, or {@code target} itself when it has none */
    private static ObjectNode unsetAt(ParameterUpdate.Unset unset, ObjectNode target, int at) {
        String field = unset.path().get(at);
        JsonNode child = target.get(field);
        if (child == null) return target;
        ObjectNode copy;
        if (at == unset.path().size() - 1) {
            copy = copyOf(target);
            copy.remove(field);
            return copy;
        }
        if (!child.isObject()) throw StoreErrors.wrongParameterType(unset, at + 1, child);
        ObjectNode inner = unsetAt(unset, (ObjectNode) child, at + 1);
        if (inner == child) return target;
        copy = copyOf(target);
        copy.set(field, inner);
        return copy;
    }

    /** @return a new object with the fields of {@code object} in their order (their values shared), or {} for null */
    private static ObjectNode copyOf(ObjectNode object) {
        ObjectNode copy = NODES.objectNode();
        if (object != null) copy.setAll(object);
        return copy;
    }
}
