package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.session.SessionInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A session and all its values at one moment, as {@link HostSessionStore#inspect} reads them for administrators.
 *
 * @param info   what is known about the session (its token is never included)
 * @param values every value by name, in the order first stored; unmodifiable; the nodes must not be modified.
 *               Values of {@link SessionInfo#secretNames()} are included and must be redacted by whoever shows them.
 */
public record SessionContents(SessionInfo info, Map<String, JsonNode> values) {
    /** Checks the components and copies the values, keeping their order. */
    public SessionContents {
        Objects.requireNonNull(info, "info");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }
}
