package dev.sessionkit.host.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Revoked tokens: single tokens ({@code jti}) revoked by a logout, and every token of one user issued up to a moment
 * ("log out everywhere", a deleted user, a changed role). Kept in the data directory ({@link RevokedTokens}, one host)
 * or in Redis ({@link RedisRevocations}, every host of a cluster); both pass {@code RevocationsContract}.
 *
 * <p>An entry is kept until the tokens it revokes have expired anyway. A revocation is effective on the host that
 * made it when the call returns, and on every other host of a cluster within a second. {@link #isRevoked} is on
 * every signed-in request's path: it reads a snapshot, never the disk or the network.
 *
 * <p>Thread-safe. A store kept in Redis throws {@link dev.sessionkit.api.error.ServiceUnavailableException}
 * {@code SHARED_STATE_UNAVAILABLE} from a revocation while Redis cannot be reached (the logout is then not done, and
 * the caller is told so).
 */
public interface Revocations {

    /**
     * Revokes a token until it expires.
     *
     * @param jti       the token id
     * @param expiresAt the token's expiry
     */
    void revoke(String jti, Instant expiresAt);

    /**
     * Revokes every token of a user issued up to now. Tokens issued later are valid.
     *
     * @param userId        the user
     * @param tokenLifetime how long tokens live: the revocation is kept that long
     */
    void revokeAllOf(String userId, Duration tokenLifetime);

    /** @param token a verified token @return whether it was revoked (by its own logout or its user's cutoff) */
    boolean isRevoked(VerifiedToken token);

    /** @return how many single-token revocations are kept */
    int size();

    /**
     * The rule shared by every implementation: a token is revoked by its user's cutoff when it was issued at or before
     * it. Token issue times ({@code iat}) carry milliseconds, so a sign-in right after the cutoff is never revoked.
     *
     * @param token  a verified token
     * @param cutoff its user's cutoff, or null
     * @return whether the cutoff revokes it
     */
    static boolean revokedByCutoff(VerifiedToken token, Instant cutoff) {
        return cutoff != null && !token.issuedAt().isAfter(cutoff.truncatedTo(ChronoUnit.MILLIS));
    }
}
