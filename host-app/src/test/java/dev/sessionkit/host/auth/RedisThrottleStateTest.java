package dev.sessionkit.host.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.host.cluster.SharedBuckets;
import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.cluster.SharedStateFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link ThrottleState} contract on Redis, with a second host's state over the same namespace as the peer. */
class RedisThrottleStateTest extends ThrottleStateContract {
    @RegisterExtension
    static final SharedStateFixture redis = new SharedStateFixture();

    private ThrottleState over(SharedState shared) {
        return new RedisThrottleState(shared, new SharedBuckets(shared, clock), clock, REMEMBER);
    }

    @Override
    protected ThrottleState newState() {
        return over(redis.newNamespace());
    }

    @Override
    protected ThrottleState peerOf(ThrottleState first) {
        return over(redis.sameNamespace());
    }

    @Test
    void whileRedisIsDownEveryCallIsAQuick503() {
        ThrottleState state = newState();
        state.take("k", THREE_PER_3M);
        redis.server().stop();
        try {
            long started = System.nanoTime();
            for (Runnable call : new Runnable[] {() -> state.take("k", THREE_PER_3M),
                    () -> state.giveBack("k", THREE_PER_3M), () -> state.refill("k", THREE_PER_3M),
                    () -> state.isKnownAddress("ann", "a"), () -> state.rememberAddress("ann", "a")}) {
                ServiceUnavailableException down = assertThrows(ServiceUnavailableException.class, call::run);
                assertEquals("SHARED_STATE_UNAVAILABLE", down.code());
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(6)) < 0,
                    "answered quickly, never hung");
        } finally {
            redis.server().restart();
        }
    }
}
