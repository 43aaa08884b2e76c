package dev.sessionkit.host.auth;

import java.time.Instant;

/**
 * The claims of a token whose signature, issuer and expiry were verified.
 *
 * @param userId    the subject ({@code sub})
 * @param jti       the token id
 * @param issuedAt  when it was issued ({@code iat}, to the millisecond; tokens of earlier builds have whole seconds);
 *                  {@link Instant#EPOCH} when the claim is absent
 * @param expiresAt the expiry ({@code exp})
 */
public record VerifiedToken(String userId, String jti, Instant issuedAt, Instant expiresAt) {
}
