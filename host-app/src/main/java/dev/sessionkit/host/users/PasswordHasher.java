package dev.sessionkit.host.users;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategy;

/**
 * Hashes and checks passwords with bcrypt (at.favre.lib:bcrypt, version 2a). Passwords longer than bcrypt's 71 bytes
 * are first reduced with SHA-512 instead of being truncated, so every character counts.
 *
 * <p>Thread-safe. Each hash costs about 2^cost bcrypt rounds: cost 12 takes a few hundred milliseconds by design.
 */
public final class PasswordHasher {
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;
    private static final LongPasswordStrategy LONG_PASSWORDS = LongPasswordStrategies.hashSha512(VERSION);

    private final int cost;
    private final BCrypt.Hasher hasher = BCrypt.with(VERSION, LONG_PASSWORDS);
    private final BCrypt.Verifyer verifyer = BCrypt.verifyer(VERSION, LONG_PASSWORDS);
    private final String decoy;

    private final Runnable onCheck;

    /** @param cost the bcrypt cost, 4 to 31 */
    public PasswordHasher(int cost) {
        this(cost, () -> { });
    }

    /**
     * @param cost    the bcrypt cost, 4 to 31
     * @param onCheck told of every password check ({@link #matches} and {@link #spendCheckTime}), for the metrics
     */
    public PasswordHasher(int cost, Runnable onCheck) {
        this.cost = cost;
        this.onCheck = onCheck;
        this.decoy = decoy(cost);
    }

    /**
     * A hash of the given cost that no password matches, made without spending that cost at start: a hash of cost 4
     * given the configured cost. Checking a password against it runs the configured cost's rounds with its salt, as
     * against any stored hash, and fails unless the password's hash at that cost equals the cost-4 one.
     */
    private String decoy(int cost) {
        String cheap = hasher.hashToString(4, "decoy password that matches nothing".toCharArray());
        return String.format(java.util.Locale.ROOT, "$2a$%02d$", cost) + cheap.substring("$2a$04$".length());
    }

    /** @return the hash {@link #spendCheckTime} checks against, for tests */
    String decoy() {
        return decoy;
    }

    /** @param password a password @return its salted bcrypt hash */
    public String hash(String password) {
        return hasher.hashToString(cost, password.toCharArray());
    }

    /**
     * @param password a password
     * @param hash     a hash made by {@link #hash}
     * @return whether the password matches
     */
    public boolean matches(String password, String hash) {
        onCheck.run();
        return verifyer.verify(password.toCharArray(), hash).verified;
    }

    /**
     * Spends the time of one check against a hash that matches nothing, so signing in as an unknown user takes as
     * long as with a wrong password (no username probing by timing).
     *
     * @param password the password that was given
     */
    public void spendCheckTime(String password) {
        matches(password, decoy);
    }
}
