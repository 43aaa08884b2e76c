package dev.sessionkit.store;

import dev.sessionkit.api.session.Scope;
import java.util.concurrent.atomic.LongAdder;

/**
 * The embedded store's expirations by scope: sessions ended, and DELETE_DATA data deleted, by expiry, since the store
 * was created (loading sessions that expired while the host was down included). Thread-safe; counting never blocks.
 */
final class ExpiryTally {
    private final LongAdder global = new LongAdder();
    private final LongAdder token = new LongAdder();
    private final LongAdder shared = new LongAdder();

    /** Counts one expiry of a session of that scope; LOCAL sessions do not expire and are not counted. */
    void expired(Scope scope) {
        switch (scope) {
            case GLOBAL -> global.increment();
            case TOKEN -> token.increment();
            case SHARED -> shared.increment();
            case LOCAL -> { }
        }
    }

    long global() {
        return global.sum();
    }

    long token() {
        return token.sum();
    }

    long shared() {
        return shared.sum();
    }

    long total() {
        return global() + token() + shared();
    }
}
