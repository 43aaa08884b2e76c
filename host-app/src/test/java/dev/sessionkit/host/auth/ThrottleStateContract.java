package dev.sessionkit.host.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.testkit.ManualClock;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ThrottleState}, as tests: the in-memory state and the Redis one extend this class, the latter
 * with a second host's state over the same Redis as the peer. Time is a {@link ManualClock}; no test sleeps.
 */
abstract class ThrottleStateContract {
    /** 3 failures, then one more a minute. */
    protected static final BucketConfiguration THREE_PER_3M = BucketConfiguration.builder()
            .addLimit(new FailureLimit(3, Duration.ofMinutes(3)).bandwidth()).build();
    protected static final Duration REMEMBER = Duration.ofDays(30);

    protected final ManualClock clock = new ManualClock();

    /** @return a new, empty state on {@link #clock} remembering addresses for {@link #REMEMBER} */
    protected abstract ThrottleState newState();

    /** @param first a state @return another host's state over the same store, or {@code first} */
    protected ThrottleState peerOf(ThrottleState first) {
        return first;
    }

    private static int takeAll(ThrottleState state, String key) {
        int taken = 0;
        while (state.take(key, THREE_PER_3M).isConsumed()) {
            taken++;
            if (taken > 10) throw new AssertionError("the bucket never runs out");
        }
        return taken;
    }

    @Test
    void aNewBucketIsFullAndAnEmptyOneSaysHowLongToWait() {
        ThrottleState state = newState();
        assertEquals(3, takeAll(state, "address:a"));
        ConsumptionProbe refused = state.take("address:a", THREE_PER_3M);
        assertFalse(refused.isConsumed());
        long wait = refused.getNanosToWaitForRefill();
        assertTrue(wait > Duration.ofSeconds(59).toNanos() && wait <= Duration.ofMinutes(1).toNanos(), "" + wait);
        assertTrue(state.take("address:b", THREE_PER_3M).isConsumed(), "buckets are per key");
    }

    @Test
    void bucketsRefillByTheClock() {
        ThrottleState state = newState();
        takeAll(state, "k");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, takeAll(state, "k"));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(3, takeAll(state, "k"), "never more than the capacity");
    }

    @Test
    void givingBackAndRefillingNeverPassTheCapacity() {
        ThrottleState state = newState();
        takeAll(state, "k");
        state.giveBack("k", THREE_PER_3M);
        assertEquals(1, takeAll(state, "k"));
        state.refill("k", THREE_PER_3M);
        assertEquals(3, takeAll(state, "k"));
        state.giveBack("fresh", THREE_PER_3M);
        assertEquals(3, takeAll(state, "fresh"), "a full bucket given a token back stays at its capacity");
    }

    @Test
    void whatOneHostTakesEveryHostSeesTaken() {
        ThrottleState a = newState();
        ThrottleState b = peerOf(a);
        assertTrue(a.take("k", THREE_PER_3M).isConsumed());
        assertTrue(a.take("k", THREE_PER_3M).isConsumed());
        assertEquals(1, takeAll(b, "k"));
        b.refill("k", THREE_PER_3M);
        assertEquals(3, takeAll(a, "k"));
    }

    @Test
    void anAddressIsKnownForItsUserUntilItIsForgotten() {
        ThrottleState state = newState();
        assertFalse(state.isKnownAddress("ann", "203.0.113.5"));
        state.rememberAddress("ann", "203.0.113.5");
        assertTrue(peerOf(state).isKnownAddress("ann", "203.0.113.5"));
        assertFalse(state.isKnownAddress("bob", "203.0.113.5"));
        assertFalse(state.isKnownAddress("ann", "203.0.113.6"));
        clock.advance(REMEMBER.minusMinutes(1));
        assertTrue(state.isKnownAddress("ann", "203.0.113.5"));
        clock.advance(Duration.ofMinutes(2));
        assertFalse(state.isKnownAddress("ann", "203.0.113.5"));
    }
}
