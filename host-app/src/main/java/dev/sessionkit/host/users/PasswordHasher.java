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
        this.decoy = hash("decoy password that matches nothing");
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
