package dev.sessionkit.host.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.testkit.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AnonymousQuota}, as tests: the in-memory quota and the Redis one extend this class, the latter
 * with a second host's quota over the same Redis as the peer. Time is a {@link ManualClock}; no test sleeps.
 */
abstract class AnonymousQuotaContract {
    protected final ManualClock clock = new ManualClock();
    private AnonymousQuota quota;

    /**
     * @param sessionsPerMinute the sessions allowance
     * @param bytesPerMinute    the bytes allowance
     * @return a new quota on {@link #clock} that counted nothing yet
     */
    protected abstract AnonymousQuota newQuota(long sessionsPerMinute, long bytesPerMinute);

    /** @param first a quota @return another host's quota over the same counts, or {@code first} */
    protected AnonymousQuota peerOf(AnonymousQuota first) {
        return first;
    }

    @BeforeEach
    void sixSessionsAnd1000BytesAMinute() {
        quota = newQuota(6, 1000);
    }

    @Test
    void eachClientHasItsOwnAllowanceRefilledOverTheMinute() {
        for (int i = 0; i < 6; i++) quota.take("192.0.2.1", Allowance.SESSIONS_STARTED, 1);
        TooManyRequestsException error = assertThrows(TooManyRequestsException.class,
                () -> quota.take("192.0.2.1", Allowance.SESSIONS_STARTED, 1));
        assertEquals("ANONYMOUS_QUOTA_EXCEEDED", error.code());
        assertEquals(10, error.retryAfterSeconds(), "six a minute: one back every ten seconds");
        assertEquals(10L, error.details().get("retryAfterSeconds"));
        assertEquals(6L, error.details().get("limitPerMinute"));

        quota.take("192.0.2.2", Allowance.SESSIONS_STARTED, 1);
        quota.take("192.0.2.1", Allowance.BYTES_WRITTEN, 1000);
        clock.advance(Duration.ofSeconds(10));
        quota.take("192.0.2.1", Allowance.SESSIONS_STARTED, 1);
        assertThrows(TooManyRequestsException.class, () -> quota.take("192.0.2.1", Allowance.SESSIONS_STARTED, 1));
    }

    @Test
    void aRefusalTakesNothing() {
        quota.take("192.0.2.3", Allowance.BYTES_WRITTEN, 600);
        assertThrows(TooManyRequestsException.class, () -> quota.take("192.0.2.3", Allowance.BYTES_WRITTEN, 500));
        quota.take("192.0.2.3", Allowance.BYTES_WRITTEN, 400);
    }

    @Test
    void aWriteLargerThanAMinuteIsRefusedForGood() {
        PayloadTooLargeException error = assertThrows(PayloadTooLargeException.class,
                () -> quota.take("192.0.2.4", Allowance.BYTES_WRITTEN, 1001));
        assertEquals("ANONYMOUS_WRITE_TOO_LARGE", error.code());
    }

    @Test
    void ipv6ClientsAreCountedByTheirSlash64() {
        assertEquals("2001:db8:0:1::/64", QuotaRules.group("2001:db8:0:1:aaaa::1"));
        assertEquals("192.0.2.5", QuotaRules.group("192.0.2.5"));
        for (int i = 0; i < 6; i++) quota.take("2001:db8:0:1::" + (i + 1), Allowance.SESSIONS_STARTED, 1);
        assertThrows(TooManyRequestsException.class,
                () -> quota.take("2001:db8:0:1:ffff::9", Allowance.SESSIONS_STARTED, 1));
        quota.take("2001:db8:0:2::1", Allowance.SESSIONS_STARTED, 1);
    }

    @Test
    void whatOneHostTakesCountsOnEveryHost() {
        AnonymousQuota other = peerOf(quota);
        for (int i = 0; i < 3; i++) quota.take("192.0.2.6", Allowance.SESSIONS_STARTED, 1);
        for (int i = 0; i < 3; i++) other.take("192.0.2.6", Allowance.SESSIONS_STARTED, 1);
        assertThrows(TooManyRequestsException.class, () -> quota.take("192.0.2.6", Allowance.SESSIONS_STARTED, 1));
        assertThrows(TooManyRequestsException.class, () -> other.take("192.0.2.6", Allowance.SESSIONS_STARTED, 1));
        other.take("192.0.2.6", Allowance.BYTES_WRITTEN, 1000);
    }

    @Test
    void nothingAndLessThanNothingAreAlwaysGranted() {
        quota.take("192.0.2.7", Allowance.BYTES_WRITTEN, 1000);
        quota.take("192.0.2.7", Allowance.BYTES_WRITTEN, 0);
        quota.take("192.0.2.7", Allowance.BYTES_WRITTEN, -5);
        assertThrows(TooManyRequestsException.class, () -> quota.take("192.0.2.7", Allowance.BYTES_WRITTEN, 1));
    }
}
