package dev.sessionkit.host.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one readiness check found: up or down, and details an operator can act on (never a password or a token).
 * Immutable.
 *
 * @param up      whether the component can serve requests now
 * @param details what the check saw, in the order it says it (JSON-friendly values: strings, numbers, booleans,
 *                lists and maps of them); a component that is down says why under {@code problem}
 */
public record ComponentHealth(boolean up, Map<String, Object> details) {
    /** Copies the details, keeping their order. */
    public ComponentHealth {
        Objects.requireNonNull(details, "details");
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** @param details what the check saw @return a component that is up */
    public static ComponentHealth up(Map<String, Object> details) {
        return new ComponentHealth(true, details);
    }

    /**
     * @param problem what is wrong, in words an operator can act on
     * @param details what else the check saw
     * @return a component that is down, its problem last among its details
     */
    public static ComponentHealth down(String problem, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put("problem", Objects.requireNonNull(problem, "problem"));
        return new ComponentHealth(false, all);
    }
}
