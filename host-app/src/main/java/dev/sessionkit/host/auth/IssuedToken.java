package dev.sessionkit.host.auth;

import java.time.Instant;

/**
 * A token handed out by sign-in.
 *
 * @param token     the signed JWT; a credential, never logged
 * @param jti       its unique id (revoked by logout)
 * @param expiresAt when it stops being accepted
 */
public record IssuedToken(String token, String jti, Instant expiresAt) {
    /** Leaves the token out, so an instance can be logged. */
    @Override
    public String toString() {
        return "IssuedToken[jti=" + jti + ", expiresAt=" + expiresAt + "]";
    }
}
