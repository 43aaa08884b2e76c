package dev.sessionkit.host.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Revocations}, as tests: the file store and the Redis store extend this class. Time is a
 * {@link ManualClock}; no test sleeps.
 */
abstract class RevocationsContract {
    private static final Duration LIFETIME = Duration.ofHours(8);

    protected final ManualClock clock = new ManualClock();

    /** @return a new, empty store on {@link #clock} */
    protected abstract Revocations newStore();

    /** @param first a store @return another host's store over the same revocations, or {@code first} */
    protected Revocations peerOf(Revocations first) {
        return first;
    }

    private VerifiedToken token(String user, String jti) {
        Instant now = clock.instant();
        return new VerifiedToken(user, jti, now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), now.plus(LIFETIME));
    }

    @Test
    void aRevokedTokenIsRevokedAndNoOther() {
        Revocations store = newStore();
        VerifiedToken mine = token("u1", "jti-1");
        VerifiedToken other = token("u1", "jti-2");
        store.revoke(mine.jti(), mine.expiresAt());

        assertTrue(store.isRevoked(mine));
        assertFalse(store.isRevoked(other));
        assertEquals(1, store.size());
        assertTrue(peerOf(store).isRevoked(mine), "another host sees it once it has caught up");
    }

    @Test
    void logOutEverywhereRevokesTheUsersTokensIssuedUpToNowOnly() {
        Revocations store = newStore();
        VerifiedToken before = token("u1", "a");
        VerifiedToken otherUser = token("u2", "b");
        clock.advance(Duration.ofSeconds(5));
        store.revokeAllOf("u1", LIFETIME);
        clock.advance(Duration.ofSeconds(1));
        VerifiedToken after = token("u1", "c");

        assertTrue(store.isRevoked(before));
        assertFalse(store.isRevoked(otherUser));
        assertFalse(store.isRevoked(after), "a sign-in after the cutoff works");
    }

    @Test
    void entriesLastAsLongAsTheTokensTheyRevoke() {
        Revocations store = newStore();
        VerifiedToken brief = new VerifiedToken("u1", "short", clock.instant(), clock.instant().plusSeconds(60));
        store.revoke(brief.jti(), brief.expiresAt());
        clock.advance(Duration.ofSeconds(61));
        store.revoke("later", clock.instant().plus(LIFETIME));
        assertEquals(1, store.size(), "the expired entry was dropped");
    }
}
