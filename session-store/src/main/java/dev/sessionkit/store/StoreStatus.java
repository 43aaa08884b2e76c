package dev.sessionkit.store;

import java.util.Objects;

/**
 * Whether a session store can serve requests now, as {@code /health} reports it. Immutable.
 *
 * @param kind      {@code memory} for the embedded store, {@code redis} or {@code redis-cluster} for Redis
 * @param up        whether operations can succeed now
 * @param problem   when down, what is wrong in words an operator can act on (never a password); null when up
 */
public record StoreStatus(String kind, boolean up, String problem) {
    /** Checks the components. */
    public StoreStatus {
        Objects.requireNonNull(kind, "kind");
        if (up && problem != null) throw new IllegalArgumentException("a store that is up has no problem");
        if (!up) Objects.requireNonNull(problem, "problem");
    }

    /** @param kind the store's kind @return a store that is up */
    public static StoreStatus up(String kind) {
        return new StoreStatus(kind, true, null);
    }
}
