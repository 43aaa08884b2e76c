package dev.sessionkit.api.testkit;

import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.accounts.Accounts;
import dev.sessionkit.api.accounts.SignedIn;
import dev.sessionkit.api.accounts.SignedOut;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.error.UnauthorizedException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A real {@link Accounts} in memory, for testing plugins without a host: accounts with salted PBKDF2 password hashes,
 * opaque random tokens with an expiry on the given clock, revocation, and the host's throttling rules for a username
 * and address and for sign-ups per address ({@link Limits}). It passes the same {@code AccountsContract} as the host's
 * file and Redis implementations, so a plugin tested against it sees the codes and rules callers will.
 *
 * <p>One instance is one "host": {@link #anonymous}, {@link #bearer} and {@link #user} give the view of one call's
 * caller, to hand to {@link TestExecutionContext#withAccounts}. Nothing is kept on disk; the password hashing is
 * deliberately cheap (a test kit, not a place to keep real passwords). Thread-safe: every change holds the instance's
 * lock.
 */
public final class InMemoryAccounts {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final int MAX_PASSWORD_LENGTH = 256;
    private static final int HASH_ITERATIONS = 1_000;

    /**
     * The rules of the accounts.
     *
     * @param minPasswordLength             the shortest password accepted, in characters
     * @param tokenLifetime                 how long a token is valid (its expiry is the issue time's whole second
     *                                      plus this, as the host's)
     * @param failuresPerUsernameAndAddress failed sign-ins (or password checks) for one username from one address
     *                                      before the next attempt is refused; a success forgives them
     * @param signUpsPerAddress             sign-up attempts from one address before the next is refused
     * @param refill                        the time in which a spent budget comes back in full, evenly
     */
    public record Limits(int minPasswordLength, Duration tokenLifetime, int failuresPerUsernameAndAddress,
                         int signUpsPerAddress, Duration refill) {
        /** The host's defaults: 12 characters, 8 h tokens, 5 failures and 10 sign-ups per 15 minutes. */
        public static final Limits DEFAULTS = new Limits(12, Duration.ofHours(8), 5, 10, Duration.ofMinutes(15));

        /** Checks the components. */
        public Limits {
            Objects.requireNonNull(tokenLifetime, "tokenLifetime");
            Objects.requireNonNull(refill, "refill");
            if (minPasswordLength < 1 || failuresPerUsernameAndAddress < 1 || signUpsPerAddress < 1) {
                throw new IllegalArgumentException("the password length and the budgets must be at least 1");
            }
        }
    }

    private record Account(String id, String username, String roleId, byte[] salt, byte[] hash) {
        UserIdentity identity() {
            return new UserIdentity(id, username, roleId);
        }
    }

    private record Token(String userId, Instant expiresAt) {
    }

    private final Clock clock;
    private final Limits limits;
    private final ToIntFunction<String> endUserSessions;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Account> byUsername = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Set<String> revoked = new HashSet<>();
    private final Map<String, Budget> budgets = new HashMap<>();
    private final byte[] decoySalt = new byte[16];

    /**
     * @param clock           the clock tokens expire and budgets refill by
     * @param limits          the rules
     * @param endUserSessions what a sign-out does to the user's GLOBAL sessions, given the user id, answering how many
     *                        it ended (with a session store from the session-store module:
     *                        {@code store::endUserSessions})
     */
    public InMemoryAccounts(Clock clock, Limits limits, ToIntFunction<String> endUserSessions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.endUserSessions = Objects.requireNonNull(endUserSessions, "endUserSessions");
    }

    /** @param clientAddress the caller's address @return the accounts of a call without a signed-in user */
    public Accounts anonymous(String clientAddress) {
        return new CallerView(null, null, Objects.requireNonNull(clientAddress, "clientAddress"));
    }

    /**
     * @param token         a token from {@link Accounts#signIn}
     * @param clientAddress the caller's address
     * @return the accounts of a call that carries that token
     * @throws UnauthorizedException {@code INVALID_TOKEN}, {@code TOKEN_EXPIRED}, {@code TOKEN_REVOKED} or
     *                               {@code UNKNOWN_USER}, as the host refuses such a request
     */
    public Accounts bearer(String token, String clientAddress) {
        Objects.requireNonNull(clientAddress, "clientAddress");
        return new CallerView(verify(token), token, clientAddress);
    }

    /**
     * @param user          a signed-in user
     * @param clientAddress the caller's address
     * @return the accounts of a call with a user and no token of its own (a test run as a chosen user)
     */
    public Accounts user(UserIdentity user, String clientAddress) {
        return new CallerView(Objects.requireNonNull(user, "user"), null,
                Objects.requireNonNull(clientAddress, "clientAddress"));
    }

    /**
     * @param token a token
     * @return its user, as the account is now
     * @throws UnauthorizedException as {@link #bearer}
     */
    public synchronized UserIdentity verify(String token) {
        Objects.requireNonNull(token, "token");
        Token known = tokens.get(token);
        if (known == null) {
            throw new UnauthorizedException("INVALID_TOKEN", "The bearer token is not valid (unknown token). Sign "
                    + "in and send 'Authorization: Bearer <token>'.", Map.of("reason", "unknown token"));
        }
        if (!clock.instant().isBefore(known.expiresAt())) {
            throw new UnauthorizedException("TOKEN_EXPIRED", "The token expired at " + known.expiresAt()
                    + ". Sign in again.", Map.of("expiredAt", known.expiresAt().toString()));
        }
        if (revoked.contains(token)) {
            throw new UnauthorizedException("TOKEN_REVOKED", "This token was revoked by a logout. Sign in again.");
        }
        return byUsername.values().stream().filter(a -> a.id().equals(known.userId())).findFirst()
                .map(Account::identity)
                .orElseThrow(() -> new UnauthorizedException("UNKNOWN_USER", "The user this token was issued to no "
                        + "longer exists. Sign in with an existing account."));
    }

    private synchronized SignedIn signIn(String username, String password, String address) {
        Budget failures = failureBudget(username, address);
        Account account = byUsername.get(username.toLowerCase(Locale.ROOT));
        if (!matches(account, password)) {
            throw invalidCredentials();
        }
        failures.refill();
        return issue(account);
    }

    private Budget failureBudget(String username, String address) {
        String key = "username-and-address:" + username.toLowerCase(Locale.ROOT) + '\n' + address;
        Budget budget = budgets.computeIfAbsent(key, k -> new Budget(limits.failuresPerUsernameAndAddress()));
        Duration wait = budget.take();
        if (wait != null) {
            long seconds = seconds(wait);
            throw new TooManyRequestsException("TOO_MANY_SIGN_IN_ATTEMPTS", "Too many failed sign-ins for this "
                    + "username from your address. Wait " + seconds + " second(s) (the Retry-After header) before "
                    + "trying again; the password was not checked.",
                    Map.of("limit", "username-and-address", "retryAfterSeconds", seconds), wait);
        }
        return budget;
    }

    private SignedIn issue(Account account) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(limits.tokenLifetime());
        tokens.put(token, new Token(account.id(), expiresAt));
        return new SignedIn(token, expiresAt, account.identity());
    }

    private synchronized UserIdentity signUp(String username, String password, String address) {
        Budget signUps = budgets.computeIfAbsent("sign-up:" + address, k -> new Budget(limits.signUpsPerAddress()));
        Duration wait = signUps.take();
        if (wait != null) {
            long seconds = seconds(wait);
            throw new TooManyRequestsException("TOO_MANY_SIGN_UPS", "Too many sign-ups from your address. Wait "
                    + seconds + " second(s) (the Retry-After header) before trying again.",
                    Map.of("limit", "sign-up-address", "retryAfterSeconds", seconds), wait);
        }
        if (!USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("INVALID_USERNAME", "A username has 1 to 64 characters: letters, digits "
                    + "and . _ @ -, starting with a letter or digit.", Map.of("field", "username", "received",
                    username));
        }
        checkPolicy(password);
        String key = username.toLowerCase(Locale.ROOT);
        if (byUsername.containsKey(key)) {
            throw new ConflictException("USERNAME_TAKEN", "The username '" + username + "' is taken. Choose another "
                    + "one.", Map.of("username", username));
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Account account = new Account(UUID.randomUUID().toString(), username, "user", salt, hash(password, salt));
        byUsername.put(key, account);
        return account.identity();
    }

    private synchronized UserIdentity changePassword(UserIdentity user, String current, String next,
                                                     String address) {
        checkPolicy(next); // a new password that could never do is refused before any counting
        Budget failures = failureBudget(user.username(), address);
        Account account = byUsername.get(user.username().toLowerCase(Locale.ROOT));
        if (account == null || !account.id().equals(user.id()) || !matches(account, current)) {
            throw invalidCredentials();
        }
        failures.refill();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byUsername.put(user.username().toLowerCase(Locale.ROOT), new Account(account.id(), account.username(),
                account.roleId(), salt, hash(next, salt)));
        return account.identity();
    }

    private SignedOut signOut(UserIdentity user, String token) {
        synchronized (this) {
            if (token != null) revoked.add(token);
        }
        return new SignedOut(user, token != null, endUserSessions.applyAsInt(user.id()));
    }

    private void checkPolicy(String password) {
        int length = password.codePointCount(0, password.length());
        if (length < limits.minPasswordLength()) {
            throw new InvalidInputException("PASSWORD_TOO_SHORT", "The password must have at least "
                    + limits.minPasswordLength() + " characters; it has " + length + ".",
                    Map.of("field", "password", "minLength", limits.minPasswordLength(), "length", length));
        }
        if (length > MAX_PASSWORD_LENGTH) {
            throw new InvalidInputException("PASSWORD_TOO_LONG", "The password must have at most "
                    + MAX_PASSWORD_LENGTH + " characters; it has " + length + ".",
                    Map.of("field", "password", "maxLength", MAX_PASSWORD_LENGTH, "length", length));
        }
        if (password.isBlank()) {
            throw new InvalidInputException("PASSWORD_BLANK", "The password must not be only white space.",
                    Map.of("field", "password"));
        }
    }

    /** Checks a password, spending the same work when there is no account. */
    private boolean matches(Account account, String password) {
        if (account == null) {
            hash(password, decoySalt);
            return false;
        }
        return MessageDigest.isEqual(account.hash(), hash(password, account.salt()));
    }

    private static UnauthorizedException invalidCredentials() {
        return new UnauthorizedException("INVALID_CREDENTIALS", "Invalid credentials.");
    }

    private static byte[] hash(String password, byte[] salt) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, HASH_ITERATIONS, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    private static long seconds(Duration wait) {
        return Math.max(1, wait.plusNanos(999_999_999L).toSeconds());
    }

    /** A token bucket of failures or sign-ups, refilled evenly over {@link Limits#refill()}. Guarded by the lock. */
    private final class Budget {
        private final int capacity;
        private double left;
        private Instant updated;

        Budget(int capacity) {
            this.capacity = capacity;
            this.left = capacity;
            this.updated = clock.instant();
        }

        /** @return null when one was taken, else the wait until one is back */
        Duration take() {
            Instant now = clock.instant();
            double refilled = (double) Duration.between(updated, now).toNanos() / limits.refill().toNanos()
                    * capacity;
            left = Math.min(capacity, left + Math.max(0, refilled));
            updated = now;
            if (left >= 1) {
                left -= 1;
                return null;
            }
            return Duration.ofNanos((long) Math.ceil((1 - left) * limits.refill().toNanos() / capacity));
        }

        void refill() {
            left = capacity;
        }
    }

    /** The accounts as one call's caller uses them. */
    private final class CallerView implements Accounts {
        private final UserIdentity user;
        private final String token;
        private final String address;

        CallerView(UserIdentity user, String token, String address) {
            this.user = user;
            this.token = token;
            this.address = address;
        }

        @Override
        public SignedIn signIn(String username, String password) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            return InMemoryAccounts.this.signIn(username, password, address);
        }

        @Override
        public UserIdentity signUp(String username, String password) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            return InMemoryAccounts.this.signUp(username, password, address);
        }

        @Override
        public UserIdentity changePassword(String currentPassword, String newPassword) {
            Objects.requireNonNull(currentPassword, "currentPassword");
            Objects.requireNonNull(newPassword, "newPassword");
            return InMemoryAccounts.this.changePassword(signedIn(), currentPassword, newPassword, address);
        }

        @Override
        public SignedOut signOut() {
            return InMemoryAccounts.this.signOut(signedIn(), token);
        }

        private UserIdentity signedIn() {
            if (user == null) {
                throw new UnauthorizedException("AUTHENTICATION_REQUIRED", "This needs a signed-in user: send "
                        + "'Authorization: Bearer <token>' from a sign-in.");
            }
            return user;
        }
    }
}
