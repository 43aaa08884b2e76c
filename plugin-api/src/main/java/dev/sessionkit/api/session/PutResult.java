package dev.sessionkit.api.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link SessionStore#put}.
 *
 * @param stored  the values written, by name, in the order given
 * @param kept    the names not written because {@code onlyIfAbsent} found them present
 * @param version the session's version after the write
 */
public record PutResult(Map<String, JsonNode> stored, List<String> kept, long version) {
    /** Copies the collections. */
    public PutResult {
        stored = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stored));
        kept = List.copyOf(kept);
    }
}
