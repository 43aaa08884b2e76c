package dev.sessionkit.host.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Builds the malformed and forged tokens the JWT tests throw at the host. */
public final class JwtForgery {
    private JwtForgery() {
    }

    /** @param token a valid token @return it with a payload claiming another subject, signature unchanged */
    public static String tamperedPayload(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replaceFirst("\"sub\":\"[^\"]*\"", "\"sub\":\"someone-else\"")
                .replaceFirst("\"role\":\"[^\"]*\"", "\"role\":\"admin\"");
        if (forged.equals(payload)) throw new IllegalStateException("nothing to tamper with in " + payload);
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /**
     * @param algorithm the signing algorithm (another key, {@code none}, or the host's key)
     * @param subject   the subject
     * @param issuer    the issuer
     * @param expiresAt the expiry, or null for a token without {@code exp}
     * @return a token
     */
    public static String sign(Algorithm algorithm, String subject, String issuer, Instant expiresAt) {
        return sign(algorithm, subject, issuer, expiresAt, java.util.Map.of());
    }

    /**
     * @param algorithm the signing algorithm
     * @param subject   the subject
     * @param issuer    the issuer
     * @param expiresAt the expiry, or null for a token without {@code exp}
     * @param header    more header parameters ({@code crit}...)
     * @return a token
     */
    public static String sign(Algorithm algorithm, String subject, String issuer, Instant expiresAt,
                              java.util.Map<String, Object> header) {
        var builder = JWT.create().withHeader(header).withSubject(subject).withIssuer(issuer)
                .withJWTId("forged-" + subject).withClaim("username", "admin").withClaim("role", "admin");
        if (expiresAt != null) builder.withExpiresAt(expiresAt);
        return builder.sign(algorithm);
    }
}
