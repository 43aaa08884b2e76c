package dev.sessionkit.host.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.host.users.User;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

/**
 * Issues and verifies the host's JWTs (java-jwt, HS256).
 *
 * <p>Issued tokens carry {@code sub} (user id), {@code username}, {@code role}, {@code iat}, {@code exp},
 * {@code jti} (128 random bits) and {@code iss}. {@code iat} is a NumericDate with milliseconds
 * ({@code 1767225600.123}, as RFC 7519 allows), so a revocation at a given millisecond ("log out everywhere") never
 * catches a token issued after it in the same second; {@code exp} is in whole seconds. One {@link JWTVerifier},
 * built once on the host's clock, checks every token: the algorithm must be HS256 with this host's key (so
 * {@code alg: none} and algorithm confusion are refused), {@code iss} must match, and {@code exp}, {@code sub} and
 * {@code jti} must be present. Expiry is exact (no leeway). A token whose header has a {@code crit} parameter is
 * refused: it names extensions the token's reader must understand (RFC 7515, 4.1.11), and this host understands
 * none.
 *
 * <p>Thread-safe: the verifier and the algorithm are immutable.
 */
public final class TokenService {
    private static final String CRITICAL = "its header names critical extensions ('crit') this host does not "
            + "understand";
    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /**
     * Tokens verified recently, by their whole text (signature included, so a changed token is another key): a
     * signed-in client sends the same token on every call, and this spares the HMAC and the JSON parsing of each.
     * A hit is used only before the token's {@code exp} on the host's clock; failures are never cached.
     */
    private final Cache<String, VerifiedToken> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    /**
     * @param key      the HS256 key, 256 bits
     * @param issuer   the {@code iss} claim
     * @param lifetime how long an issued token is valid
     * @param clock    the host's clock, used for issuing and verifying
     */
    public TokenService(byte[] key, String issuer, Duration lifetime, Clock clock) {
        this.algorithm = Algorithm.HMAC256(key);
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
                .withIssuer(issuer)
                .withClaimPresence("exp")
                .withClaimPresence("sub")
                .withClaimPresence("jti"))
                .build(clock);
    }

    /**
     * Signs a token for a user.
     *
     * @param user the signed-in user
     * @return the token with its id and expiry
     */
    public IssuedToken issue(User user) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = now.truncatedTo(ChronoUnit.SECONDS).plus(lifetime);
        byte[] id = new byte[16];
        random.nextBytes(id);
        String jti = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        String token = JWT.create()
                .withSubject(user.id())
                .withClaim("username", user.username())
                .withClaim("role", user.role().id())
                .withClaim("iat", now.toEpochMilli() / 1000.0)
                .withExpiresAt(expiresAt)
                .withJWTId(jti)
                .withIssuer(issuer)
                .sign(algorithm);
        return new IssuedToken(token, jti, expiresAt);
    }

    /**
     * Verifies a token.
     *
     * @param token the JWT from the {@code Authorization} header
     * @return its verified claims
     * @throws UnauthorizedException code {@code TOKEN_EXPIRED} for an expired token, {@code INVALID_TOKEN} (with
     *                               {@code details.reason}) for anything else that is wrong
     */
    public VerifiedToken verify(String token) {
        VerifiedToken known = verified.getIfPresent(token);
        if (known != null && clock.instant().isBefore(known.expiresAt())) {
            return known;
        }
        VerifiedToken fresh = verifyUncached(token);
        verified.put(token, fresh);
        return fresh;
    }

    private VerifiedToken verifyUncached(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw new UnauthorizedException("TOKEN_EXPIRED", "The token expired at " + e.getExpiredOn()
                    + ". Sign in again with POST /api/auth/login.", Map.of("expiredAt", e.getExpiredOn().toString()));
        } catch (JWTVerificationException e) {
            throw new UnauthorizedException("INVALID_TOKEN", "The bearer token is not valid (" + reason(e)
                    + "). Sign in with POST /api/auth/login and send 'Authorization: Bearer <token>'.",
                    Map.of("reason", reason(e)));
        }
        if (!jwt.getHeaderClaim("crit").isMissing()) {
            throw new UnauthorizedException("INVALID_TOKEN", "The bearer token is not valid (" + CRITICAL
                    + "). Sign in with POST /api/auth/login and send 'Authorization: Bearer <token>'.",
                    Map.of("reason", CRITICAL));
        }
        Double issuedAt = jwt.getClaim("iat").asDouble(); // with its milliseconds; whole seconds in older tokens
        return new VerifiedToken(jwt.getSubject(), jwt.getId(),
                issuedAt == null ? Instant.EPOCH : Instant.ofEpochMilli(Math.round(issuedAt * 1000)),
                jwt.getExpiresAtAsInstant());
    }

    private static String reason(JWTVerificationException e) {
        if (e instanceof JWTDecodeException) return "not a well-formed JWT";
        if (e instanceof AlgorithmMismatchException) return "signed with an algorithm other than HS256";
        if (e instanceof SignatureVerificationException) return "the signature does not match";
        if (e instanceof MissingClaimException missing) return "the claim '" + missing.getClaimName() + "' is missing";
        if (e instanceof IncorrectClaimException incorrect) {
            return "the claim '" + incorrect.getClaimName() + "' has a wrong value";
        }
        return "it failed verification";
    }
}
