package dev.sessionkit.host.auth;

import dev.sessionkit.api.error.TooManyRequestsException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Slows account creation down per client address: every sign-up attempt (a flow's Sign Up step), successful or not,
 * takes one from its address's budget ({@link FailureLimit}: a burst, then one more now and then) before anything is
 * checked or hashed, so one address can neither fill the accounts nor spend the host's CPU on bcrypt, nor probe
 * usernames faster than the limit. An empty budget is {@code 429 TOO_MANY_SIGN_UPS} with {@code Retry-After}.
 *
 * <p>The budget lives in the same {@link ThrottleState} as the sign-in throttle's (key {@code sign-up:<address>}): in
 * a cluster in Redis, so sign-ups through any host count on every host. Thread-safe.
 */
public final class SignUpThrottle {
    /** The error code of a refused sign-up. */
    public static final String CODE = "TOO_MANY_SIGN_UPS";
    private static final int MAX_ADDRESS_LENGTH = 100;

    private final ThrottleState state;
    private final BucketConfiguration perAddress;

    /**
     * @param perAddress the sign-ups one client address may make
     * @param state      where the buckets live
     */
    public SignUpThrottle(FailureLimit perAddress, ThrottleState state) {
        this.state = Objects.requireNonNull(state, "state");
        this.perAddress = BucketConfiguration.builder().addLimit(perAddress.bandwidth()).build();
    }

    /**
     * Counts one sign-up attempt from an address.
     *
     * @param address the client's address
     * @throws TooManyRequestsException code {@value #CODE} (429) with {@code details.limit} {@code sign-up-address}
     *                                  and {@code details.retryAfterSeconds} when the address's budget is empty
     */
    public void take(String address) {
        String client = address.length() > MAX_ADDRESS_LENGTH ? address.substring(0, MAX_ADDRESS_LENGTH) : address;
        ConsumptionProbe probe = state.take("sign-up:" + client, perAddress);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            long seconds = Math.max(1, wait.plusNanos(999_999_999L).toSeconds());
            throw new TooManyRequestsException(CODE, "Too many sign-ups from your address. Wait " + seconds
                    + " second(s) (the Retry-After header) before trying again.",
                    Map.of("limit", "sign-up-address", "retryAfterSeconds", seconds), wait);
        }
    }
}
