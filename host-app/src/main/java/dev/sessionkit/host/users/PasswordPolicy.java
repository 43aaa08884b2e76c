package dev.sessionkit.host.users;

import dev.sessionkit.api.error.InvalidInputException;
import java.util.Map;

/**
 * What a password must be: at least the configured number of characters, at most {@value #MAX_LENGTH}, and not only
 * white space. A refusal is a 400 naming the rule, never echoing the password.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasswordPolicy {
    /** The longest password accepted (long passphrases are welcome; this only bounds the work per sign-in). */
    public static final int MAX_LENGTH = 256;

    private final int minLength;

    /** @param minLength the shortest password accepted, in characters */
    public PasswordPolicy(int minLength) {
        this.minLength = minLength;
    }

    /**
     * @param password a candidate password, may be null
     * @throws InvalidInputException code {@code PASSWORD_TOO_SHORT}, {@code PASSWORD_TOO_LONG} or
     *                               {@code PASSWORD_BLANK}
     */
    public void check(String password) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < minLength) {
            throw new InvalidInputException("PASSWORD_TOO_SHORT", "The password must have at least " + minLength
                    + " characters; it has " + length + ". A passphrase of several words is easy to remember.",
                    Map.of("field", "password", "minLength", minLength, "length", length));
        }
        if (length > MAX_LENGTH) {
            throw new InvalidInputException("PASSWORD_TOO_LONG", "The password must have at most " + MAX_LENGTH
                    + " characters; it has " + length + ".",
                    Map.of("field", "password", "maxLength", MAX_LENGTH, "length", length));
        }
        if (password.isBlank()) {
            throw new InvalidInputException("PASSWORD_BLANK", "The password must not be only white space.",
                    Map.of("field", "password"));
        }
    }
}
