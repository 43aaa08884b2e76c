package dev.sessionkit.store;

import dev.sessionkit.api.session.Scope;

/**
 * Told of what a session store does, for metrics. Called on the thread that did it, after it; every method must be
 * fast (no lock, no allocation on the hot path) and must not throw.
 *
 * <p>{@link #operation} is told by a shared store (Redis) of each round trip it sends; the other methods are told by
 * {@link HostSessionStore} of what it does for its callers, whatever the backend, except what only the backend
 * knows, which the backend tells ({@link SessionBackend#observe}): the start of a GLOBAL session (it begins with its
 * user's first use, inside the backend's write) and the end of a GLOBAL, TOKEN or SHARED session, with the session's
 * own scope (a SHARED session ended through its token is SHARED).
 */
@FunctionalInterface
public interface StoreObserver {
    /** Observes nothing. */
    StoreObserver NONE = (operation, nanos, outcome) -> { };

    /**
     * @param operation the operation ({@code get}, {@code put}, {@code start}, {@code sweep}...)
     * @param nanos     how long it took, round trip included
     * @param outcome   {@code ok}, {@code refused} (a product error such as a version conflict or a missing session),
     *                  or {@code unavailable} (the service could not be reached or did not answer in time)
     */
    void operation(String operation, long nanos, String outcome);

    /**
     * One operation of the host's store for a caller (a plugin method, the host), any scope, any backend.
     *
     * @param operation one of {@code start}, {@code open}, {@code exists}, {@code info}, {@code get}, {@code put},
     *                  {@code update}, {@code delete}, {@code clear}, {@code end}, {@code touch}
     * @param nanos     how long it took
     * @param failed    whether it threw (refused or failed)
     */
    default void call(String operation, long nanos, boolean failed) {
    }

    /**
     * @param scope the scope of a session that started (TOKEN, SHARED: Start Session; GLOBAL: created by its user's
     *              first use on this host; LOCAL: created by its execution's first use)
     */
    default void started(Scope scope) {
    }

    /**
     * @param scope the scope of the sessions that were ended (by a caller, a logout, an administrator)
     * @param count how many
     */
    default void ended(Scope scope, int count) {
    }

    /**
     * A write ({@code put}, {@code update}) refused for want of room or by a conflict.
     *
     * @param status the HTTP status the host answers: 409 (a version conflict), 413 (a value too large) or 507
     *               (a full session or store, too many sessions)
     * @param code   the error code ({@code VALUE_TOO_LARGE}, {@code STORE_FULL}...)
     */
    default void refused(int status, String code) {
    }
}
