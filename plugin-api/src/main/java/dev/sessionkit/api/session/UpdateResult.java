package dev.sessionkit.api.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of {@link SessionStore#update}.
 *
 * @param values  the value of every parameter the updates named, after them, by name in the order first named; a
 *                parameter that is absent afterwards (a {@link ParameterUpdate.Remove} or
 *                {@link ParameterUpdate.Unset} of an absent one) is left out; unmodifiable
 * @param version the session's version after the update
 */
public record UpdateResult(Map<String, JsonNode> values, long version) {
    /** Copies the map. */
    public UpdateResult {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
