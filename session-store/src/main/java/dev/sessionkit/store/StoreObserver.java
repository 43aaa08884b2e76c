package dev.sessionkit.store;

/**
 * Told of every operation a shared session store sends to its service, for metrics. Called on the thread that ran
 * the operation, after it; must be fast and must not throw.
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
}
