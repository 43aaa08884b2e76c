package dev.sessionkit.host.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.host.users.Role;
import dev.sessionkit.host.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private final byte[] key = bytes(7);
    private final ManualClock clock = new ManualClock();
    private final TokenService tokens = new TokenService(key, "sessionkit", Duration.ofHours(8), clock);
    private final User ada = new User("u-1", "ada", Role.BUILDER, "hash", clock.instant());

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return key;
    }

    @Test
    void issuesEveryClaimAndVerifiesItsOwnTokens() {
        IssuedToken issued = tokens.issue(ada);
        DecodedJWT jwt = JWT.decode(issued.token());
        assertEquals("HS256", jwt.getAlgorithm());
        assertEquals("u-1", jwt.getSubject());
        assertEquals("ada", jwt.getClaim("username").asString());
        assertEquals("builder", jwt.getClaim("role").asString());
        assertEquals("sessionkit", jwt.getIssuer());
        assertEquals(clock.instant(), jwt.getIssuedAtAsInstant());
        assertEquals(clock.instant().plus(Duration.ofHours(8)), jwt.getExpiresAtAsInstant());
        assertEquals(issued.jti(), jwt.getId());
        assertEquals(22, issued.jti().length());

        assertEquals(new VerifiedToken("u-1", issued.jti(), clock.instant(), issued.expiresAt()),
                tokens.verify(issued.token()));
    }

    @Test
    void theIssueTimeKeepsItsMilliseconds() {
        clock.advance(Duration.ofMillis(1_234));
        IssuedToken issued = tokens.issue(ada);
        DecodedJWT jwt = JWT.decode(issued.token());
        assertEquals(clock.instant().getEpochSecond(), jwt.getIssuedAtAsInstant().getEpochSecond(),
                "standard readers see the whole seconds");
        assertEquals(clock.instant(), tokens.verify(issued.token()).issuedAt());
        assertEquals(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plus(Duration.ofHours(8)),
                issued.expiresAt(), "exp stays in whole seconds");
    }

    @Test
    void expiryIsExactOnTheInjectedClock() {
        IssuedToken issued = tokens.issue(ada);
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        tokens.verify(issued.token());
        clock.advance(Duration.ofSeconds(1)); // valid strictly before exp (RFC 7519)
        assertEquals("TOKEN_EXPIRED", refused(issued.token()).code());
    }

    @Test
    void refusesEveryForgery() {
        Instant later = clock.instant().plus(Duration.ofHours(1));
        String valid = tokens.issue(ada).token();
        tokens.verify(valid); // known to the verified-token cache: its forgeries must still be checked in full
        assertReason("the signature does not match", JwtForgery.tamperedPayload(valid));
        assertReason("the signature does not match",
                JwtForgery.sign(Algorithm.HMAC256(bytes(8)), "u-1", "sessionkit", later));
        assertReason("signed with an algorithm other than HS256",
                JwtForgery.sign(Algorithm.none(), "u-1", "sessionkit", later));
        assertReason("the claim 'exp' is missing", JwtForgery.sign(Algorithm.HMAC256(key), "u-1", "sessionkit", null));
        assertReason("the claim 'iss' has a wrong value",
                JwtForgery.sign(Algorithm.HMAC256(key), "u-1", "someone-else", later));
        String critical = "its header names critical extensions ('crit') this host does not understand";
        assertReason(critical, JwtForgery.sign(Algorithm.HMAC256(key), "u-1", "sessionkit", later,
                Map.of("crit", List.of("exp-acme"), "exp-acme", true)));
        assertReason(critical, JwtForgery.sign(Algorithm.HMAC256(key), "u-1", "sessionkit", later,
                Map.of("crit", List.of())));
        assertReason("not a well-formed JWT", "garbage");
        assertReason("not a well-formed JWT", "a.b.c");
    }

    private void assertReason(String reason, String token) {
        UnauthorizedException error = refused(token);
        assertEquals("INVALID_TOKEN", error.code());
        assertEquals(reason, error.details().get("reason"));
    }

    private UnauthorizedException refused(String token) {
        return assertThrows(UnauthorizedException.class, () -> tokens.verify(token));
    }
}
