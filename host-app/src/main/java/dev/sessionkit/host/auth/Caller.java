package dev.sessionkit.host.auth;

import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.host.users.Role;
import java.time.Instant;

/**
 * The signed-in user behind one request: a verified, unrevoked token of an account that still exists.
 *
 * @param user           the user as methods see it (current username and role from the account, not the token)
 * @param role           the user's current role
 * @param jti            the token's id, revoked by logout
 * @param tokenExpiresAt when the token expires
 */
public record Caller(UserIdentity user, Role role, String jti, Instant tokenExpiresAt) {
}
