package dev.sessionkit.host.auth;

import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.accounts.Accounts;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.api.testkit.AccountsContract;
import dev.sessionkit.host.users.PasswordHasher;
import dev.sessionkit.host.users.PasswordPolicy;
import dev.sessionkit.host.users.UserAccounts;
import dev.sessionkit.host.users.UserStore;
import dev.sessionkit.store.HostSessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One host's {@link HostAccounts} over the given backends, with the limits of {@link AccountsContract} (bcrypt at its
 * lowest cost, so tests stay quick), seen as the contract's {@link AccountsContract.Host}: a bearer token goes through
 * the host's {@link Authenticator}, as a request's would.
 */
final class HostAccountsFixture implements AccountsContract.Host {
    /** The key every host of one test signs with (in a cluster, the shared key). */
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final HostAccounts accounts;
    private final Authenticator authenticator;
    private final HostSessionStore sessions;

    /**
     * @param users                  the accounts
     * @param revoked                the revoked tokens
     * @param throttle               the throttles' state
     * @param sessions               the session store
     * @param clock                  the clock
     * @param minPasswordLength      the password policy's minimum
     * @param tokenLifetime          how long tokens live
     * @param failures               failed sign-ins per username and address (per address and per username: 100)
     * @param signUps                sign-ups per address
     * @param refill                 the period of both
     */
    HostAccountsFixture(UserStore users, Revocations revoked, ThrottleState throttle, HostSessionStore sessions,
                        Clock clock, int minPasswordLength, Duration tokenLifetime, int failures, int signUps,
                        Duration refill) {
        UserAccounts accounts = new UserAccounts(users, new PasswordHasher(4), new PasswordPolicy(minPasswordLength),
                clock);
        TokenService tokens = new TokenService(KEY, "sessionkit-test", tokenLifetime, clock);
        SignInLimits limits = SignInLimits.DEFAULTS.withPerAddress(new FailureLimit(100, refill))
                .withPerUsername(new FailureLimit(100, refill))
                .withPerUsernameAndAddress(new FailureLimit(failures, refill));
        this.accounts = new HostAccounts(accounts, new SignInThrottle(limits, throttle),
                new SignUpThrottle(new FailureLimit(signUps, refill), throttle), outcome -> { }, tokens, revoked,
                sessions);
        this.authenticator = new Authenticator(tokens, revoked, accounts);
        this.sessions = sessions;
    }

    /** @return the host's accounts */
    HostAccounts accounts() {
        return accounts;
    }

    @Override
    public Accounts anonymous(String address) {
        return accounts.forCall(Optional.empty(), Optional.empty(), address);
    }

    @Override
    public Accounts bearer(String token, String address) {
        Caller caller = authenticator.authenticate("Bearer " + token).orElseThrow();
        return accounts.forCall(Optional.of(caller.user()), Optional.of(caller), address);
    }

    @Override
    public Accounts user(UserIdentity user, String address) {
        return accounts.forCall(Optional.of(user), Optional.empty(), address);
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }
}
