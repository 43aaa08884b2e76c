package dev.sessionkit.api.accounts;

import dev.sessionkit.api.UserIdentity;
import java.time.Instant;
import java.util.Objects;

/**
 * A successful sign-in: what {@code POST /api/auth/login} answers.
 *
 * @param token     the bearer token (a JWT on the host); a credential: never log it
 * @param expiresAt when the token stops being accepted
 * @param user      who signed in, with the role the account has
 */
public record SignedIn(String token, Instant expiresAt, UserIdentity user) {
    /** The token type clients send it with: {@code Authorization: Bearer <token>}. */
    public static final String TOKEN_TYPE = "Bearer";

    /** Checks the components. */
    public SignedIn {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(user, "user");
    }

    /** Leaves the token out, so an instance can be logged. */
    @Override
    public String toString() {
        return "SignedIn[user=" + user + ", expiresAt=" + expiresAt + "]";
    }
}
