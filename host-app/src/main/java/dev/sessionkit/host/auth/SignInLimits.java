package dev.sessionkit.host.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * The sign-in throttle's limits ({@link SignInThrottle} explains how they combine).
 *
 * @param perAddress            failed sign-ins from one client address, whatever the usernames; default {@code 20/10m}
 * @param perUsernameAndAddress failed sign-ins for one username from one address; default {@code 5/15m}
 * @param perUsername           failed sign-ins for one username from all the addresses that have not signed in as
 *                              that user before, together; default {@code 20/15m}
 * @param rememberAddress       how long an address that signed in as a user stays exempt from that username's
 *                              {@code perUsername} limit; default 30 days
 */
public record SignInLimits(FailureLimit perAddress, FailureLimit perUsernameAndAddress, FailureLimit perUsername,
                           Duration rememberAddress) {
    /** The defaults. */
    public static final SignInLimits DEFAULTS = new SignInLimits(new FailureLimit(20, Duration.ofMinutes(10)),
            new FailureLimit(5, Duration.ofMinutes(15)), new FailureLimit(20, Duration.ofMinutes(15)),
            Duration.ofDays(30));

    /** Checks the components. */
    public SignInLimits {
        Objects.requireNonNull(perAddress, "perAddress");
        Objects.requireNonNull(perUsernameAndAddress, "perUsernameAndAddress");
        Objects.requireNonNull(perUsername, "perUsername");
        Objects.requireNonNull(rememberAddress, "rememberAddress");
        if (rememberAddress.isZero() || rememberAddress.isNegative()) {
            throw new IllegalArgumentException("rememberAddress must be positive");
        }
    }

    /** @param limit the new limit @return these limits with {@code perAddress} replaced */
    public SignInLimits withPerAddress(FailureLimit limit) {
        return new SignInLimits(limit, perUsernameAndAddress, perUsername, rememberAddress);
    }

    /** @param limit the new limit @return these limits with {@code perUsernameAndAddress} replaced */
    public SignInLimits withPerUsernameAndAddress(FailureLimit limit) {
        return new SignInLimits(perAddress, limit, perUsername, rememberAddress);
    }

    /** @param limit the new limit @return these limits with {@code perUsername} replaced */
    public SignInLimits withPerUsername(FailureLimit limit) {
        return new SignInLimits(perAddress, perUsernameAndAddress, limit, rememberAddress);
    }

    /** @param duration the new duration @return these limits with {@code rememberAddress} replaced */
    public SignInLimits withRememberAddress(Duration duration) {
        return new SignInLimits(perAddress, perUsernameAndAddress, perUsername, duration);
    }
}
