package dev.sessionkit.host.auth;

import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.accounts.Accounts;
import dev.sessionkit.api.accounts.SignedIn;
import dev.sessionkit.api.accounts.SignedOut;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.host.users.Role;
import dev.sessionkit.host.users.User;
import dev.sessionkit.host.users.UserAccounts;
import dev.sessionkit.store.HostSessionStore;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in, up and out, and changing one's password: the one place these happen, whoever asks. The host's routes
 * ({@code POST /api/auth/login}, {@code /logout}) call it directly; plugins reach it through the {@link Accounts} host
 * service, a view bound to one call's caller ({@link #forCall}). So a flow's Sign In step and the host's sign-in are
 * the same code: same throttle, same answer, same log line, same metrics.
 *
 * <p>What it is built on decides where the state lives: the accounts ({@link UserAccounts} over a file or Redis), the
 * throttles' buckets ({@link ThrottleState}: memory or Redis), the revoked tokens ({@link Revocations}: file or Redis)
 * and the sessions. In a cluster all are in Redis, so an account created through one host signs in through another.
 *
 * <p>Never logs a password or a token (only a token's id). Thread-safe.
 */
public final class HostAccounts {
    private static final Logger LOG = LoggerFactory.getLogger(HostAccounts.class);

    private final UserAccounts accounts;
    private final SignInThrottle throttle;
    private final SignUpThrottle signUps;
    private final SignInObserver observer;
    private final TokenService tokens;
    private final Revocations revoked;
    private final HostSessionStore sessions;

    /**
     * @param accounts the user accounts
     * @param throttle counts failed sign-ins and refuses attempts over the limits
     * @param signUps  counts sign-ups per address and refuses those over the limit
     * @param observer told how each sign-in ended
     * @param tokens   issues tokens
     * @param revoked  tokens revoked by sign-outs
     * @param sessions the host's session store, whose GLOBAL sessions a sign-out ends
     */
    public HostAccounts(UserAccounts accounts, SignInThrottle throttle, SignUpThrottle signUps,
                        SignInObserver observer, TokenService tokens, Revocations revoked,
                        HostSessionStore sessions) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.signUps = signUps;
        this.observer = observer;
        this.tokens = tokens;
        this.revoked = revoked;
        this.sessions = sessions;
    }

    /**
     * @param user    the call's user, or empty
     * @param token   the call's verified token, or empty (no token, or a test run as a chosen user)
     * @param address the client's address
     * @return the {@link Accounts} of that call
     */
    public Accounts forCall(Optional<UserIdentity> user, Optional<Caller> token, String address) {
        return forCall(user, token, address, signedIn -> { });
    }

    /**
     * @param user     the call's user, or empty
     * @param token    the call's verified token, or empty
     * @param address  the client's address
     * @param signedIn told who signed in after each successful {@link Accounts#signIn} (a flow then runs its next
     *                 steps as them)
     * @return the {@link Accounts} of that call
     */
    public Accounts forCall(Optional<UserIdentity> user, Optional<Caller> token, String address,
                            Consumer<UserIdentity> signedIn) {
        return new CallerAccounts(this, user, token, address, signedIn);
    }

    /**
     * Signs in ({@link Accounts#signIn}): throttled before any bcrypt work, then checked.
     *
     * @param username the username
     * @param password the password
     * @param address  the client's address
     * @return the token, its expiry and the user
     * @throws UnauthorizedException    code {@code INVALID_CREDENTIALS}
     * @throws TooManyRequestsException code {@code TOO_MANY_SIGN_IN_ATTEMPTS}
     */
    public SignedIn signIn(String username, String password, String address) {
        User user = checkPassword(username, address, attempt -> accounts.authenticate(username, password));
        IssuedToken token = tokens.issue(user);
        LOG.info("User {} signed in (token {})", user, token.jti());
        return new SignedIn(token.token(), token.expiresAt(), user.identity());
    }

    /** What checks a password for an attempt the throttle let through. */
    private interface PasswordCheck {
        Optional<User> check(SignInThrottle.Attempt attempt);
    }

    private User checkPassword(String username, String address, PasswordCheck check) {
        SignInThrottle.Attempt attempt;
        try {
            attempt = throttle.begin(username, address); // before any bcrypt work
        } catch (TooManyRequestsException e) {
            observer.record(SignInObserver.Outcome.THROTTLED);
            throw e;
        }
        Optional<User> checked = check.check(attempt);
        if (checked.isEmpty()) {
            observer.record(SignInObserver.Outcome.REFUSED);
            throw invalidCredentials();
        }
        attempt.succeeded();
        observer.record(SignInObserver.Outcome.SIGNED_IN);
        return checked.get();
    }

    /** @return the refusal of wrong credentials: the same for an unknown user and a wrong password, naming nothing */
    static UnauthorizedException invalidCredentials() {
        return new UnauthorizedException("INVALID_CREDENTIALS", "Invalid credentials.");
    }

    /**
     * Creates an account with the role {@code user} ({@link Accounts#signUp}).
     *
     * @param username the username
     * @param password the password
     * @param address  the client's address
     * @return the new user
     */
    public UserIdentity signUp(String username, String password, String address) {
        signUps.take(address); // before any check or bcrypt work
        User user = accounts.create(username, password, Role.USER);
        LOG.info("{} signed up (Accounts host service)", user);
        return user.identity();
    }

    /**
     * Changes a user's own password ({@link Accounts#changePassword}); the current one is checked like a sign-in.
     *
     * @param user            the signed-in user
     * @param currentPassword the current password
     * @param newPassword     the new one
     * @param address         the client's address
     * @return the user
     */
    public UserIdentity changePassword(UserIdentity user, String currentPassword, String newPassword,
                                       String address) {
        accounts.checkPolicy(newPassword); // a new password that could never do is refused before any counting
        User changed = checkPassword(user.username(), address,
                attempt -> accounts.changePassword(user.id(), currentPassword, newPassword));
        LOG.info("{} changed their password", changed);
        return changed.identity();
    }

    /**
     * Signs a user out ({@link Accounts#signOut}, {@code POST /api/auth/logout}): revokes the token when there is one
     * and ends the user's GLOBAL sessions in every app.
     *
     * @param user  the user
     * @param token the call's token, or empty
     * @return what was done
     */
    public SignedOut signOut(UserIdentity user, Optional<Caller> token) {
        Objects.requireNonNull(user, "user");
        token.ifPresent(t -> revoked.revoke(t.jti(), t.tokenExpiresAt()));
        int ended = sessions.endUserSessions(user.id());
        LOG.info("User {} signed out{}; {} GLOBAL session(s) ended", user.id(),
                token.map(t -> " (token " + t.jti() + " revoked)").orElse(" (no token of its own to revoke)"), ended);
        return new SignedOut(user, token.isPresent(), ended);
    }
}
