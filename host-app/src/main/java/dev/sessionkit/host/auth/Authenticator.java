package dev.sessionkit.host.auth;

import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.host.users.User;
import dev.sessionkit.host.users.UserAccounts;
import java.util.Optional;

/**
 * Turns a request's {@code Authorization} header into the {@link Caller}, or refuses it.
 *
 * <p>No header means an anonymous request. A header that is present is always checked and, when anything is wrong,
 * refused with 401 — never treated as anonymous: it must be {@code Bearer <token>}, the token must verify
 * ({@link TokenService}), must not be revoked by logout, and its user must still exist. The caller's username and role
 * are read from the account, so a role change or a deletion applies at once.
 *
 * <p>Thread-safe.
 */
public final class Authenticator {
    private static final String BEARER = "bearer ";

    private final TokenService tokens;
    private final Revocations revoked;
    private final UserAccounts accounts;

    /**
     * @param tokens   verifies tokens
     * @param revoked  tokens revoked by logout
     * @param accounts the user accounts
     */
    public Authenticator(TokenService tokens, Revocations revoked, UserAccounts accounts) {
        this.tokens = tokens;
        this.revoked = revoked;
        this.accounts = accounts;
    }

    /**
     * @param authorization the {@code Authorization} header, or null when absent
     * @return the caller, or empty for a request without the header
     * @throws UnauthorizedException codes {@code INVALID_AUTHORIZATION_HEADER}, {@code INVALID_TOKEN},
     *                               {@code TOKEN_EXPIRED}, {@code TOKEN_REVOKED}, {@code UNKNOWN_USER}
     */
    public Optional<Caller> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            throw new UnauthorizedException("INVALID_AUTHORIZATION_HEADER", "The Authorization header must be "
                    + "'Bearer <token>' with a token from POST /api/auth/login; leave the header out to call "
                    + "anonymously.");
        }
        VerifiedToken token = tokens.verify(authorization.substring(BEARER.length()).trim());
        if (revoked.isRevoked(token)) {
            throw new UnauthorizedException("TOKEN_REVOKED", "This token was revoked by a logout (or an admin's "
                    + "'log out everywhere'). Sign in again with POST /api/auth/login.");
        }
        User user = accounts.byId(token.userId()).orElseThrow(() -> new UnauthorizedException("UNKNOWN_USER",
                "The user this token was issued to no longer exists. Sign in with an existing account."));
        return Optional.of(new Caller(user.identity(), user.role(), token.jti(), token.expiresAt()));
    }
}
