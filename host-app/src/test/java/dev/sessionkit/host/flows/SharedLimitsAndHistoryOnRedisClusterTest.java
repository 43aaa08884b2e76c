package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.host.auth.RedisThrottleState;
import dev.sessionkit.host.auth.ThrottleState;
import dev.sessionkit.host.cluster.SharedBuckets;
import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.quota.Allowance;
import dev.sessionkit.host.quota.AnonymousQuota;
import dev.sessionkit.host.quota.RedisAnonymousQuota;
import dev.sessionkit.store.testing.RedisCluster;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis execution history, throttle state and anonymous quota on a real Redis Cluster of three masters: their
 * scripts and Bucket4j's reach keys under the namespace's hash tag only, so one slot, legal on a cluster. The
 * contracts themselves run on a single server ({@code Redis*Test}); this checks the cluster routing. (In the flows
 * package for its test results.)
 */
class SharedLimitsAndHistoryOnRedisClusterTest {
    private static RedisCluster cluster;
    private static SharedState shared;
    private final ManualClock clock = new ManualClock();

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
        shared = SharedState.connect(cluster.url(), "on-cluster");
    }

    @AfterAll
    static void stopCluster() {
        if (shared != null) shared.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void historyThrottleAndQuotaWorkOnARedisCluster() {
        ObjectMapper mapper = Json.newMapper();
        ExecutionHistory history = new RedisExecutionHistory(shared, mapper, 2);
        for (String id : new String[] {"e1", "e2", "e3"}) {
            history.record(ExecutionHistoryContract.result("app", "f", id));
        }
        assertEquals(2, history.recent("app", "f").size());
        history.retain("app", Set.of());
        assertTrue(history.recent("app", "f").isEmpty());

        SharedBuckets buckets = new SharedBuckets(shared, clock);
        ThrottleState throttle = new RedisThrottleState(shared, buckets, clock, Duration.ofDays(1));
        BucketConfiguration two = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(2).refillGreedy(2, Duration.ofMinutes(1))).build();
        assertTrue(throttle.take("address:a", two).isConsumed());
        assertTrue(throttle.take("address:a", two).isConsumed());
        assertFalse(throttle.take("address:a", two).isConsumed());
        throttle.rememberAddress("ann", "a");
        assertTrue(throttle.isKnownAddress("ann", "a"));

        AnonymousQuota quota = new RedisAnonymousQuota(1, 100, buckets);
        quota.take("192.0.2.1", Allowance.SESSIONS_STARTED, 1);
        assertThrows(TooManyRequestsException.class, () -> quota.take("192.0.2.1", Allowance.SESSIONS_STARTED, 1));
    }
}
