package dev.sessionkit.api.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of {@link SessionStore#read}: values and what is known of them, as of one instant.
 *
 * @param values      the values found, by name, in the order asked (for all: the order first stored); unmodifiable
 * @param secretNames the names among {@code values} marked secret; unmodifiable
 * @param version     the session's version when it was read
 */
public record ReadResult(Map<String, JsonNode> values, Set<String> secretNames, long version) {
    /** Checks the components; the store hands over maps and sets that are already unmodifiable. */
    public ReadResult {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(secretNames, "secretNames");
    }
}
