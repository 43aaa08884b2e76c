package dev.sessionkit.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Tokens of TOKEN and SHARED sessions: 256 random bits from {@link SecureRandom}, base64url without padding
 * (43 characters). Thread-safe.
 */
final class SessionTokens {
    private static final int TOKEN_BYTES = 32;
    private static final int PUBLIC_ID_HEX_DIGITS = 16;

    private final SecureRandom random = new SecureRandom();

    /** @return a new unguessable token */
    String next() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param token a token
     * @return the first 16 hex digits of its SHA-256: identifies the session in views and logs, reveals nothing
     */
    static String publicId(String token) {
        return publicIdOf(hash(token));
    }

    /** @param hash a token's {@link #hash} @return the session's public id */
    static String publicIdOf(String hash) {
        return hash.substring(0, PUBLIC_ID_HEX_DIGITS);
    }

    /**
     * @param token a token
     * @return its SHA-256 in hex: what a shared store keeps of a token (keys hold only the public id)
     */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256, this one does not", e);
        }
    }
}
