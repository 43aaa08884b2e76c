package dev.sessionkit.host.quota;

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

/** The {@link AnonymousQuota} contract on Redis, with a second host's quota over the same namespace as the peer. */
class RedisAnonymousQuotaTest extends AnonymousQuotaContract {
    @RegisterExtension
    static final SharedStateFixture redis = new SharedStateFixture();
    private long sessions;
    private long bytes;

    private AnonymousQuota over(SharedState shared) {
        return new RedisAnonymousQuota(sessions, bytes, new SharedBuckets(shared, clock));
    }

    @Override
    protected AnonymousQuota newQuota(long sessionsPerMinute, long bytesPerMinute) {
        sessions = sessionsPerMinute;
        bytes = bytesPerMinute;
        return over(redis.newNamespace());
    }

    @Override
    protected AnonymousQuota peerOf(AnonymousQuota first) {
        return over(redis.sameNamespace());
    }

    @Test
    void whileRedisIsDownATakeIsAQuick503() {
        AnonymousQuota quota = newQuota(6, 1000);
        quota.take("192.0.2.9", Allowance.SESSIONS_STARTED, 1);
        redis.server().stop();
        try {
            long started = System.nanoTime();
            ServiceUnavailableException down = assertThrows(ServiceUnavailableException.class,
                    () -> quota.take("192.0.2.9", Allowance.BYTES_WRITTEN, 10));
            assertEquals("SHARED_STATE_UNAVAILABLE", down.code());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0,
                    "answered quickly, never hung");
        } finally {
            redis.server().restart();
        }
    }
}
