package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.cluster.SharedStateFixture;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link ExecutionHistory} contract on Redis, with a second host's history over the same namespace as the peer;
 * and what only Redis has: no secret value in Redis, and an outage.
 */
class RedisExecutionHistoryTest extends ExecutionHistoryContract {
    @RegisterExtension
    static final SharedStateFixture redis = new SharedStateFixture();
    private int perFlow;

    @Override
    protected ExecutionHistory newHistory(int perFlow) {
        this.perFlow = perFlow;
        return new RedisExecutionHistory(redis.newNamespace(), MAPPER, perFlow);
    }

    @Override
    protected ExecutionHistory peerOf(ExecutionHistory first) {
        return new RedisExecutionHistory(redis.sameNamespace(), MAPPER, perFlow);
    }

    @Test
    void redisHoldsTheRenderedViewsAndNeverTheSecretValues() throws Exception {
        ExecutionHistory history = newHistory(3);
        history.record(failedWithASecret("e1"));
        String dump = redis.server().cli("LRANGE", "{" + redis.namespace() + "}:host:executions:app/f", "0", "-1");
        assertTrue(dump.contains("e1"), dump);
        assertTrue(dump.contains("Bearer ***"), dump);
        assertFalse(dump.contains("k-98765"), dump);
    }

    @Test
    void whileRedisIsDownRecordingIsSkippedAndReadingIsA503() {
        SharedState shared = redis.newNamespace();
        ExecutionHistory history = new RedisExecutionHistory(shared, MAPPER, 3);
        history.record(result("app", "f", "before"));
        redis.server().stop();
        try {
            long started = System.nanoTime();
            history.record(result("app", "f", "during")); // the execution itself is not failed
            history.retain("app", Set.of());
            ServiceUnavailableException down = assertThrows(ServiceUnavailableException.class,
                    () -> history.recent("app", "f"));
            assertEquals("SHARED_STATE_UNAVAILABLE", down.code());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0,
                    "answered quickly, never hung");
        } finally {
            redis.server().restart();
        }
    }
}
