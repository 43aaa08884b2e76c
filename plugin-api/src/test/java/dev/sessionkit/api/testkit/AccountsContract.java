package dev.sessionkit.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.accounts.Accounts;
import dev.sessionkit.api.accounts.SignedIn;
import dev.sessionkit.api.accounts.SignedOut;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Accounts}, as tests: every implementation (the host's over its files, the host's over
 * Redis, {@link InMemoryAccounts}) extends this class and implements {@link #newHost()} with the limits below, on
 * {@link #clock}. Errors are checked by code; nothing sleeps (time moves on the manual clock).
 */
public abstract class AccountsContract {
    /** The shortest password the host under test accepts. */
    protected static final int MIN_PASSWORD_LENGTH = 12;
    /** How long its tokens live. */
    protected static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    /** Failed sign-ins for one username from one address before the next attempt is refused. */
    protected static final int FAILURES = 3;
    /** Sign-up attempts from one address before the next is refused. */
    protected static final int SIGN_UPS = 4;
    /** The time in which a spent budget comes back in full. */
    protected static final Duration REFILL = Duration.ofMinutes(15);

    private static final String PASSWORD = "correct horse battery";
    private static final String OTHER_PASSWORD = "another long passphrase";

    /** The clock the host under test runs on. */
    protected final ManualClock clock = new ManualClock();

    /** One host's accounts, as calls of different callers see them. */
    public interface Host {
        /** @param address a client address @return the accounts of a call without a user */
        Accounts anonymous(String address);

        /**
         * @param token   a token the host issued
         * @param address a client address
         * @return the accounts of a call carrying that token
         * @throws UnauthorizedException as the host refuses a request with that token
         */
        Accounts bearer(String token, String address);

        /**
         * @param user    a user
         * @param address a client address
         * @return the accounts of a call with that user and no token of its own
         */
        Accounts user(UserIdentity user, String address);

        /** @return the session store whose GLOBAL sessions a sign-out ends */
        SessionStore sessions();
    }

    /** @return a new host with no accounts, on {@link #clock}, with the limits above */
    protected abstract Host newHost();

    /**
     * @param first a host made by {@link #newHost()}
     * @return another host over the same accounts (a cluster), or {@code first} for a single host's implementation
     */
    protected Host peerOf(Host first) {
        return first;
    }

    @Test
    void aSignUpIsAUserWhoSignsInIgnoringCaseWithATokenThatIdentifiesThem() {
        Host host = newHost();
        UserIdentity ada = host.anonymous("10.0.0.1").signUp("Ada.L", PASSWORD);
        assertEquals("Ada.L", ada.username());
        assertEquals("user", ada.roleId());

        SignedIn signedIn = host.anonymous("10.0.0.2").signIn("ada.l", PASSWORD);
        assertEquals(ada, signedIn.user());
        assertEquals(clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(TOKEN_LIFETIME), signedIn.expiresAt());
        assertFalse(signedIn.toString().contains(signedIn.token()), "toString never shows the token");
        assertEquals(ada, host.bearer(signedIn.token(), "10.0.0.2").changePassword(PASSWORD, PASSWORD),
                "the token identifies the user");
        assertNotEquals(signedIn.token(), host.anonymous("10.0.0.2").signIn("ADA.L", PASSWORD).token(),
                "every sign-in has its own token");
    }

    @Test
    void aSignUpOnOneHostSignsInOnAnotherAndItsUsernameIsTakenThereIgnoringCase() {
        Host first = newHost();
        Host peer = peerOf(first);
        UserIdentity bob = first.anonymous("10.0.0.1").signUp("bob", PASSWORD);
        assertEquals(bob, peer.anonymous("10.0.0.1").signIn("BOB", PASSWORD).user());

        ConflictException taken = assertThrows(ConflictException.class,
                () -> peer.anonymous("10.0.0.3").signUp("Bob", OTHER_PASSWORD));
        assertEquals("USERNAME_TAKEN", taken.code());
        assertEquals(bob, first.anonymous("10.0.0.3").signIn("bob", PASSWORD).user(), "the refusal changed nothing");
        assertThrows(UnauthorizedException.class, () -> first.anonymous("10.0.0.3").signIn("bob", OTHER_PASSWORD));
    }

    @Test
    void badUsernamesAndPasswordsAreRefusedByCodeAndCreateNothing() {
        Host host = newHost();
        Accounts caller = host.anonymous("10.0.0.4");
        Map<String, String> refused = Map.of(
                "-starts-with-a-dash", "INVALID_USERNAME",
                "", "INVALID_USERNAME",
                "x".repeat(65), "INVALID_USERNAME",
                "has space", "INVALID_USERNAME");
        List<SessionkitException> failures = new ArrayList<>();
        refused.forEach((username, code) -> {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> caller.signUp(username,
                    PASSWORD));
            assertEquals(code, e.code(), username);
            failures.add(e);
        });
        Accounts next = host.anonymous("10.0.0.5");
        assertEquals("PASSWORD_TOO_SHORT", assertThrows(InvalidInputException.class,
                () -> next.signUp("cleo", "x".repeat(MIN_PASSWORD_LENGTH - 1))).code());
        assertEquals("PASSWORD_TOO_LONG", assertThrows(InvalidInputException.class,
                () -> next.signUp("cleo", "x".repeat(257))).code());
        assertEquals("PASSWORD_BLANK", assertThrows(InvalidInputException.class,
                () -> next.signUp("cleo", " ".repeat(MIN_PASSWORD_LENGTH))).code());
        assertEquals("INVALID_CREDENTIALS", assertThrows(UnauthorizedException.class,
                () -> host.anonymous("10.0.0.6").signIn("cleo", "x".repeat(MIN_PASSWORD_LENGTH - 1))).code(),
                "nothing was created");
        for (SessionkitException failure : failures) {
            assertFalse(failure.getMessage().contains(PASSWORD), "an error never quotes the password");
        }
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswerThatNamesNothing() {
        Host host = newHost();
        host.anonymous("10.0.0.7").signUp("dora", PASSWORD);
        UnauthorizedException wrong = assertThrows(UnauthorizedException.class,
                () -> host.anonymous("10.0.0.7").signIn("dora", OTHER_PASSWORD));
        UnauthorizedException unknown = assertThrows(UnauthorizedException.class,
                () -> host.anonymous("10.0.0.7").signIn("nobody", OTHER_PASSWORD));
        assertEquals("INVALID_CREDENTIALS", wrong.code());
        assertEquals(wrong.code(), unknown.code());
        assertEquals(wrong.getMessage(), unknown.getMessage());
        assertTrue(wrong.getMessage().toLowerCase().contains("invalid credentials"), wrong.getMessage());
        assertTrue(wrong.details().isEmpty() && unknown.details().isEmpty(), "no details: nothing is named");
    }

    @Test
    void failedSignInsForAUsernameFromAnAddressAreThrottledUntilTheBudgetRefills() {
        Host host = newHost();
        host.anonymous("10.0.1.1").signUp("eve", PASSWORD);
        Accounts attacker = host.anonymous("10.0.1.2");
        for (int i = 0; i < FAILURES; i++) {
            assertEquals("INVALID_CREDENTIALS", assertThrows(UnauthorizedException.class,
                    () -> attacker.signIn("EVE", OTHER_PASSWORD)).code());
        }
        TooManyRequestsException throttled = assertThrows(TooManyRequestsException.class,
                () -> attacker.signIn("eve", PASSWORD));
        assertEquals("TOO_MANY_SIGN_IN_ATTEMPTS", throttled.code(), "refused whatever the password");
        assertTrue(throttled.retryAfter().compareTo(Duration.ZERO) > 0);
        assertTrue(throttled.retryAfter().compareTo(REFILL) <= 0, throttled.retryAfter().toString());

        assertEquals("eve", host.anonymous("10.0.1.3").signIn("eve", PASSWORD).user().username(),
                "another address is not refused");
        clock.advance(REFILL);
        assertEquals("eve", attacker.signIn("eve", PASSWORD).user().username(), "the budget came back");
    }

    @Test
    void aSuccessfulSignInForgivesTheAddressEarlierFailures() {
        Host host = newHost();
        host.anonymous("10.0.2.1").signUp("finn", PASSWORD);
        Accounts caller = host.anonymous("10.0.2.1");
        for (int i = 0; i < FAILURES - 1; i++) {
            assertThrows(UnauthorizedException.class, () -> caller.signIn("finn", OTHER_PASSWORD));
        }
        caller.signIn("finn", PASSWORD);
        for (int i = 0; i < FAILURES; i++) {
            assertEquals("INVALID_CREDENTIALS", assertThrows(UnauthorizedException.class,
                    () -> caller.signIn("finn", OTHER_PASSWORD)).code(), "failure " + (i + 1));
        }
        assertEquals("TOO_MANY_SIGN_IN_ATTEMPTS", assertThrows(TooManyRequestsException.class,
                () -> caller.signIn("finn", PASSWORD)).code());
    }

    @Test
    void signUpsFromAnAddressAreThrottledWhetherOrNotTheySucceed() {
        Host host = newHost();
        Accounts caller = host.anonymous("10.0.3.1");
        caller.signUp("gus", PASSWORD);
        assertThrows(ConflictException.class, () -> caller.signUp("gus", PASSWORD));
        assertThrows(InvalidInputException.class, () -> caller.signUp("gus2", "short"));
        for (int i = 3; i < SIGN_UPS; i++) {
            caller.signUp("gus" + i, PASSWORD);
        }
        TooManyRequestsException throttled = assertThrows(TooManyRequestsException.class,
                () -> caller.signUp("hal", PASSWORD));
        assertEquals("TOO_MANY_SIGN_UPS", throttled.code());
        assertTrue(throttled.retryAfter().compareTo(Duration.ZERO) > 0);
        assertEquals("INVALID_CREDENTIALS", assertThrows(UnauthorizedException.class,
                () -> host.anonymous("10.0.3.2").signIn("hal", PASSWORD)).code(), "hal was not created");

        host.anonymous("10.0.3.2").signUp("hal", PASSWORD);
        clock.advance(REFILL);
        caller.signUp("ivy", PASSWORD);
    }

    @Test
    void signingOutRevokesTheTokenAndEndsTheUserGlobalSessionsInEveryApp() {
        Host host = newHost();
        host.anonymous("10.0.4.1").signUp("jo", PASSWORD);
        SignedIn first = host.anonymous("10.0.4.1").signIn("jo", PASSWORD);
        SignedIn second = host.anonymous("10.0.4.1").signIn("jo", PASSWORD);
        SessionRef.Global inShop = new SessionRef.Global("shop", first.user(), Duration.ofMinutes(30));
        SessionRef.Global inBlog = new SessionRef.Global("blog", first.user(), Duration.ofMinutes(30));
        host.sessions().put(inShop, Map.of("basket", IntNode.valueOf(1)), PutOptions.DEFAULT);
        host.sessions().put(inBlog, Map.of("draft", IntNode.valueOf(2)), PutOptions.DEFAULT);

        SignedOut out = host.bearer(first.token(), "10.0.4.1").signOut();
        assertEquals(first.user(), out.user());
        assertTrue(out.tokenRevoked());
        assertEquals(2, out.sessionsEnded());
        assertFalse(host.sessions().exists(inShop));
        assertFalse(host.sessions().exists(inBlog));
        assertEquals("TOKEN_REVOKED", assertThrows(UnauthorizedException.class,
                () -> host.bearer(first.token(), "10.0.4.1")).code());
        assertEquals(first.user(), host.bearer(second.token(), "10.0.4.1").changePassword(PASSWORD, PASSWORD),
                "the user's other tokens stay valid");
    }

    @Test
    void signingOutNeedsAUserAndACallWithoutItsOwnTokenRevokesNone() {
        Host host = newHost();
        assertEquals("AUTHENTICATION_REQUIRED", assertThrows(UnauthorizedException.class,
                () -> host.anonymous("10.0.5.1").signOut()).code());
        UserIdentity kim = host.anonymous("10.0.5.1").signUp("kim", PASSWORD);
        SignedIn token = host.anonymous("10.0.5.1").signIn("kim", PASSWORD);
        SessionRef.Global session = new SessionRef.Global("shop", kim, Duration.ofMinutes(30));
        host.sessions().put(session, Map.of("basket", IntNode.valueOf(1)), PutOptions.DEFAULT);

        SignedOut out = host.user(kim, "10.0.5.1").signOut();
        assertFalse(out.tokenRevoked());
        assertEquals(1, out.sessionsEnded());
        assertFalse(host.sessions().exists(session));
        assertEquals(kim, host.bearer(token.token(), "10.0.5.1").changePassword(PASSWORD, PASSWORD));
    }

    @Test
    void aUserChangesTheirOwnPasswordWithTheCurrentOne() {
        Host host = newHost();
        host.anonymous("10.0.6.1").signUp("lea", PASSWORD);
        SignedIn lea = host.anonymous("10.0.6.1").signIn("lea", PASSWORD);
        Accounts asLea = host.bearer(lea.token(), "10.0.6.1");

        assertEquals("AUTHENTICATION_REQUIRED", assertThrows(UnauthorizedException.class,
                () -> host.anonymous("10.0.6.1").changePassword(PASSWORD, OTHER_PASSWORD)).code());
        assertEquals("INVALID_CREDENTIALS", assertThrows(UnauthorizedException.class,
                () -> asLea.changePassword(OTHER_PASSWORD, OTHER_PASSWORD)).code());
        assertEquals("PASSWORD_TOO_SHORT", assertThrows(InvalidInputException.class,
                () -> asLea.changePassword(PASSWORD, "short")).code());
        host.anonymous("10.0.6.2").signIn("lea", PASSWORD); // neither refusal changed it

        assertEquals(lea.user(), asLea.changePassword(PASSWORD, OTHER_PASSWORD));
        assertEquals("INVALID_CREDENTIALS", assertThrows(UnauthorizedException.class,
                () -> host.anonymous("10.0.6.2").signIn("lea", PASSWORD)).code());
        assertEquals(lea.user(), peerOf(host).anonymous("10.0.6.2").signIn("lea", OTHER_PASSWORD).user());
    }

    @Test
    void wrongCurrentPasswordsAreThrottledLikeSignIns() {
        Host host = newHost();
        host.anonymous("10.0.7.1").signUp("max", PASSWORD);
        Accounts asMax = host.bearer(host.anonymous("10.0.7.1").signIn("max", PASSWORD).token(), "10.0.7.9");
        for (int i = 0; i < FAILURES; i++) {
            assertThrows(UnauthorizedException.class, () -> asMax.changePassword(OTHER_PASSWORD, OTHER_PASSWORD));
        }
        assertEquals("TOO_MANY_SIGN_IN_ATTEMPTS", assertThrows(TooManyRequestsException.class,
                () -> asMax.changePassword(PASSWORD, OTHER_PASSWORD)).code());
        assertEquals("TOO_MANY_SIGN_IN_ATTEMPTS", assertThrows(TooManyRequestsException.class,
                () -> host.anonymous("10.0.7.9").signIn("max", PASSWORD)).code(), "one budget for both");
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        Host host = newHost();
        host.anonymous("10.0.8.1").signUp("ned", PASSWORD);
        SignedIn ned = host.anonymous("10.0.8.1").signIn("ned", PASSWORD);
        clock.advance(TOKEN_LIFETIME.plusSeconds(1));
        assertEquals("TOKEN_EXPIRED", assertThrows(UnauthorizedException.class,
                () -> host.bearer(ned.token(), "10.0.8.1")).code());
    }

    @Test
    void nullArgumentsAreRefused() {
        Accounts caller = newHost().anonymous("10.0.9.1");
        assertThrows(NullPointerException.class, () -> caller.signIn(null, PASSWORD));
        assertThrows(NullPointerException.class, () -> caller.signIn("x", null));
        assertThrows(NullPointerException.class, () -> caller.signUp(null, PASSWORD));
        assertThrows(NullPointerException.class, () -> caller.signUp("x", null));
        assertThrows(NullPointerException.class, () -> caller.changePassword(null, PASSWORD));
        assertThrows(NullPointerException.class, () -> caller.changePassword(PASSWORD, null));
    }

    @Test
    void ofConcurrentSignUpsForOneUsernameOnTwoHostsExactlyOneSucceeds() throws InterruptedException {
        Host first = newHost();
        Host peer = peerOf(first);
        AtomicInteger created = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Accounts caller = (i % 2 == 0 ? first : peer).anonymous("10.0.10." + i);
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    caller.signUp("olga", PASSWORD);
                    created.incrementAndGet();
                } catch (ConflictException e) {
                    taken.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertEquals(1, created.get());
        assertEquals(5, taken.get());
    }
}
