package dev.sessionkit.host.cluster;

import java.util.Objects;

/**
 * The newest known version of one kind of shared state, published to request threads. A value read at an older
 * version than the one held is dropped, so a snapshot never goes back. Thread-safe.
 *
 * @param <T> the state, immutable
 */
public final class Versioned<T> {
    private volatile Held<T> held;

    private record Held<T>(long version, T value) {
    }

    /** @param initial the state before anything was read (version -1) */
    public Versioned(T initial) {
        this.held = new Held<>(-1, Objects.requireNonNull(initial, "initial"));
    }

    /** @return the state */
    public T get() {
        return held.value();
    }

    /** @return its version, -1 before the first read */
    public long version() {
        return held.version();
    }

    /**
     * @param version the version the value was read at
     * @param value   the state at that version
     */
    public synchronized void offer(long version, T value) {
        if (version > held.version()) held = new Held<>(version, Objects.requireNonNull(value, "value"));
    }
}
