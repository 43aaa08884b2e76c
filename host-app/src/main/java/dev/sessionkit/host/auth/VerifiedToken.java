package dev.sessionkit.host.auth;

import java.time.Instant;

/**
 * The claims of a token whose signature, issuer and expiry were verified.
 *
 * @param userId    the subject ({@code sub})
 * @param jti       the token id
 * @param expiresAt the expiry ({@code exp})
 */
public record VerifiedToken(String userId, String jti, Instant expiresAt) {
}
