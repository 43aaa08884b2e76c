package dev.sessionkit.store;

import java.util.Objects;

/**
 * Whether a session store can serve requests now, as {@code /health} reports it. Immutable.
 *
 * @param kind      {@code memory} for the embedded store, {@code redis} or {@code redis-cluster} for Redis
 * @param up        whether operations can succeed now
 * @param problem   when down, what is wrong in words an operator can act on (never a password); null when up
 * @param persistence for the embedded store, how it keeps sessions on disk ({@code none}, {@code everysec},
 *                  {@code always}); null for Redis, which keeps its own data
 */
public record StoreStatus(String kind, boolean up, String problem, String persistence) {
    /** Checks the components. */
    public StoreStatus {
        Objects.requireNonNull(kind, "kind");
        if (up && problem != null) throw new IllegalArgumentException("a store that is up has no problem");
        if (!up) Objects.requireNonNull(problem, "problem");
    }

    /** A status without persistence (Redis). @param kind the kind @param up whether up @param problem or null */
    public StoreStatus(String kind, boolean up, String problem) {
        this(kind, up, problem, null);
    }

    /** @param kind the store's kind @return a store that is up */
    public static StoreStatus up(String kind) {
        return new StoreStatus(kind, true, null);
    }
}
