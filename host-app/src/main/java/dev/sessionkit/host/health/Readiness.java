package dev.sessionkit.host.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The host's readiness: its named {@link HealthCheck}s, run in order on each call. The host is ready when every
 * component is up. Immutable; thread-safe as its checks are.
 */
public final class Readiness {
    private final Map<String, HealthCheck> checks;

    private Readiness(Map<String, HealthCheck> checks) {
        this.checks = checks;
    }

    /** @return readiness without components (always ready), to add them to with {@link #with} */
    public static Readiness of() {
        return new Readiness(Map.of());
    }

    /**
     * @param name  the component's name in the answer ({@code sessionStore}, {@code redis}...)
     * @param check its check
     * @return readiness with this component too, after the others
     */
    public Readiness with(String name, HealthCheck check) {
        Map<String, HealthCheck> more = new LinkedHashMap<>(checks);
        if (more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check")) != null) {
            throw new IllegalArgumentException("Two readiness checks named " + name);
        }
        return new Readiness(java.util.Collections.unmodifiableMap(more));
    }

    /** @return each component's health, in the order they were added */
    public Map<String, ComponentHealth> check() {
        Map<String, ComponentHealth> components = new LinkedHashMap<>();
        checks.forEach((name, check) -> components.put(name, check.check()));
        return components;
    }
}
