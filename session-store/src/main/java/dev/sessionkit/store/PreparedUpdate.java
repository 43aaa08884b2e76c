package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.session.ParameterUpdate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The updates of one {@link dev.sessionkit.api.session.SessionStore#update}, checked and their values copied before the
 * session is locked (as {@link PreparedWrite} does for a put): each given value must be JSON, its numbers must fit
 * and, where the update puts it, it must not nest deeper than {@link PreparedWrite#MAX_DEPTH}. Immutable.
 */
final class PreparedUpdate {
    private final List<ParameterUpdate> updates;
    private final List<String> names;

    private PreparedUpdate(List<ParameterUpdate> updates, List<String> names) {
        this.updates = updates;
        this.names = names;
    }

    /**
     * @param updates the updates, at least one
     * @return them, prepared
     * @throws NullPointerException                           for a null update or value
     * @throws dev.sessionkit.api.error.InvalidInputException {@code NO_PARAMETERS}, {@code VALUE_NOT_JSON},
     *                                                        {@code NUMBER_TOO_LONG}, {@code VALUE_TOO_DEEP}
     */
    static PreparedUpdate of(List<ParameterUpdate> updates) {
        if (updates.isEmpty()) throw StoreErrors.noUpdates();
        List<ParameterUpdate> copies = new ArrayList<>(updates.size());
        Set<String> names = new LinkedHashSet<>();
        for (ParameterUpdate update : updates) {
            Objects.requireNonNull(update, "updates must not contain null");
            copies.add(copyOf(update));
            names.add(update.name());
        }
        return new PreparedUpdate(List.copyOf(copies), List.copyOf(names));
    }

    /** @return the updates, in order */
    List<ParameterUpdate> updates() {
        return updates;
    }

    /** @return the parameters the updates name, each once, in the order first named */
    List<String> names() {
        return names;
    }

    /**
     * Applies the updates in order to a session's parameters.
     *
     * @param data   the parameters before
     * @param values cleared, then receives the value of each name after the updates (absent ones left out), in the
     *               order of {@link #names()}
     * @return the values to write: the names an update changed, in the order of {@link #names()}; empty when none
     * @throws dev.sessionkit.api.error.InvalidInputException {@code WRONG_PARAMETER_TYPE}, {@code INTEGER_OVERFLOW},
     *                                                        {@code NUMBER_TOO_LONG}
     */
    Map<String, JsonNode> applyTo(Parameters data, Map<String, JsonNode> values) {
        values.clear();
        Map<String, JsonNode> current = new LinkedHashMap<>();
        for (String name : names) {
            current.put(name, data.get(name));
        }
        Set<String> changed = new HashSet<>();
        for (ParameterUpdate update : updates) {
            JsonNode before = current.get(update.name());
            JsonNode after = ParameterEdits.apply(update, before);
            if (after != before || ParameterEdits.alwaysChanges(update)) changed.add(update.name());
            current.put(update.name(), after);
        }
        Map<String, JsonNode> writes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : current.entrySet()) {
            if (entry.getValue() == null) continue;
            values.put(entry.getKey(), entry.getValue());
            if (changed.contains(entry.getKey())) writes.put(entry.getKey(), entry.getValue());
        }
        return writes;
    }

    private static ParameterUpdate copyOf(ParameterUpdate update) {
        String name = update.name();
        if (update instanceof ParameterUpdate.Append append) {
            return new ParameterUpdate.Append(name, copies(name, append.items()));
        }
        if (update instanceof ParameterUpdate.Remove remove) {
            return new ParameterUpdate.Remove(name, copies(name, remove.values()));
        }
        if (update instanceof ParameterUpdate.Merge merge) {
            JsonNode object = PreparedWrite.copyOf(name, merge.object(), 1 + merge.path().size());
            return new ParameterUpdate.Merge(name, merge.path(), (ObjectNode) object);
        }
        return update; // increment and unset hold no JSON
    }

    /** Copies values that become elements of an array (one level down). */
    private static List<JsonNode> copies(String name, List<JsonNode> values) {
        List<JsonNode> copies = new ArrayList<>(values.size());
        for (JsonNode value : values) {
            copies.add(PreparedWrite.copyOf(name, Objects.requireNonNull(value, () -> "a value of " + name), 1));
        }
        return copies;
    }
}
