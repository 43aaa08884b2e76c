package dev.sessionkit.host.auth;

import dev.sessionkit.api.error.TooManyRequestsException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Slows password guessing down at {@code POST /api/auth/login}, before any bcrypt work is spent on it (as OWASP's
 * authentication cheat sheet describes: limits per client address and per account, without letting an attacker lock
 * the real user out).
 *
 * <p>Only failed sign-ins count, against three budgets ({@link SignInLimits}), each a token bucket
 * ({@link FailureLimit}: a burst, then one more now and then):
 * <ol>
 *   <li><b>per address</b>: failures from one client address, whatever the usernames (one address trying many
 *       accounts);</li>
 *   <li><b>per username and address</b>: failures for one username from one address (one address guessing one
 *       password);</li>
 *   <li><b>per username</b>: failures for one username from all the addresses that have not signed in as that user
 *       in the last {@link SignInLimits#rememberAddress()}, together (a guess spread over many addresses). An address
 *       that did is exempt: an attacker's failures elsewhere never lock the user out of the places they sign in
 *       from. Since each address adds at most its per-username-and-address budget, an attacker needs several
 *       addresses (by default 5) to empty it even for new addresses.</li>
 * </ol>
 * {@link #begin} takes one failure from each budget that applies, each atomically. If one is empty, the attempt is
 * refused with {@code 429 TOO_MANY_SIGN_IN_ATTEMPTS} and a {@code Retry-After} of the longest wait among the empty
 * ones, whatever the password (it is never checked), and what was taken is given back. {@link Attempt#succeeded}
 * gives everything back, forgives the address's earlier failures for that username (refills its
 * per-username-and-address budget) and remembers the address for that username; a failure keeps what was taken.
 *
 * <p>Usernames count case-insensitively (as accounts do). A username longer than any account's (64 characters) counts
 * against its address only. Thread-safe; state lives in a {@link ThrottleState}: in a cluster, in Redis, so failures
 * count on every host, and while Redis cannot be reached {@link #begin} and {@link Attempt#succeeded} throw its
 * {@code 503 SHARED_STATE_UNAVAILABLE} (no token is issued then: the sign-in is refused, never let through
 * uncounted).
 */
public final class SignInThrottle {
    /** The error code of a refused attempt. */
    public static final String CODE = "TOO_MANY_SIGN_IN_ATTEMPTS";
    private static final int MAX_USERNAME_LENGTH = 64;
    private static final int MAX_ADDRESS_LENGTH = 100;

    private final ThrottleState state;
    private final BucketConfiguration perAddress;
    private final BucketConfiguration perUsernameAndAddress;
    private final BucketConfiguration perUsername;

    /**
     * @param limits the limits
     * @param state  where the buckets and the known addresses live
     */
    public SignInThrottle(SignInLimits limits, ThrottleState state) {
        this.state = Objects.requireNonNull(state, "state");
        this.perAddress = configuration(limits.perAddress());
        this.perUsernameAndAddress = configuration(limits.perUsernameAndAddress());
        this.perUsername = configuration(limits.perUsername());
    }

    /**
     * @param limits the limits
     * @return how long a bucket must stay unused before it is full again, whichever limit it has
     */
    public static Duration longestRefill(SignInLimits limits) {
        Duration longest = limits.perAddress().period();
        if (limits.perUsernameAndAddress().period().compareTo(longest) > 0) {
            longest = limits.perUsernameAndAddress().period();
        }
        return limits.perUsername().period().compareTo(longest) > 0 ? limits.perUsername().period() : longest;
    }

    private static BucketConfiguration configuration(FailureLimit limit) {
        return BucketConfiguration.builder().addLimit(limit.bandwidth()).build();
    }

    /** One budget: its limit's name, its bucket's key and its configuration. */
    private record Budget(String limit, String key, BucketConfiguration configuration) {
    }

    /**
     * Counts a sign-in attempt as failed until {@link Attempt#succeeded} says otherwise; call it before checking the
     * password.
     *
     * @param username the username given (any case)
     * @param address  the client's address
     * @return the attempt, allowed to go on
     * @throws TooManyRequestsException code {@value #CODE} (429), with {@code details.limit} ({@code address},
     *                                  {@code username-and-address} or {@code username}) and
     *                                  {@code details.retryAfterSeconds}, when a budget is empty
     */
    public Attempt begin(String username, String address) {
        String client = address.length() > MAX_ADDRESS_LENGTH ? address.substring(0, MAX_ADDRESS_LENGTH) : address;
        String user = username.length() > MAX_USERNAME_LENGTH ? null : username.toLowerCase(Locale.ROOT);
        List<Budget> budgets = new ArrayList<>(3);
        budgets.add(new Budget("address", "address:" + client, perAddress));
        if (user != null) {
            budgets.add(new Budget("username-and-address", "username-and-address:" + user + '\n' + client,
                    perUsernameAndAddress));
            if (!state.isKnownAddress(user, client)) {
                budgets.add(new Budget("username", "username:" + user, perUsername));
            }
        }
        List<Budget> taken = new ArrayList<>(budgets.size());
        String refusedLimit = null;
        long longestWaitNanos = 0;
        for (Budget budget : budgets) {
            ConsumptionProbe probe = state.take(budget.key(), budget.configuration());
            if (probe.isConsumed()) {
                taken.add(budget);
            } else if (refusedLimit == null || probe.getNanosToWaitForRefill() > longestWaitNanos) {
                refusedLimit = budget.limit();
                longestWaitNanos = probe.getNanosToWaitForRefill();
            }
        }
        if (refusedLimit != null) {
            taken.forEach(t -> state.giveBack(t.key(), t.configuration()));
            throw refused(refusedLimit, Duration.ofNanos(longestWaitNanos));
        }
        return new Attempt(user, client, taken);
    }

    private static TooManyRequestsException refused(String limit, Duration wait) {
        long seconds = Math.max(1, wait.plusNanos(999_999_999L).toSeconds()); // as Retry-After says it
        String what = switch (limit) {
            case "address" -> "from your address";
            case "username-and-address" -> "for this username from your address";
            default -> "for this username from addresses that have not signed in as this user before";
        };
        String message = "Too many failed sign-ins " + what + ". Wait " + seconds + " second(s) (the Retry-After "
                + "header) before trying again; the password was not checked."
                + (limit.equals("username") ? " A device that signed in as this user before can still sign in." : "");
        return new TooManyRequestsException(CODE, message, Map.of("limit", limit, "retryAfterSeconds", seconds), wait);
    }

    /** A sign-in attempt let through: counted as a failure unless {@link #succeeded} is called. */
    public final class Attempt {
        private final String username;
        private final String address;
        private final List<Budget> taken;

        private Attempt(String username, String address, List<Budget> taken) {
            this.username = username;
            this.address = address;
            this.taken = taken;
        }

        /**
         * The password was right: gives back what the attempt took, forgives this address's earlier failures for
         * this username and remembers the address for it.
         */
        public void succeeded() {
            for (Budget t : taken) {
                if (t.limit().equals("username-and-address")) {
                    state.refill(t.key(), t.configuration());
                } else {
                    state.giveBack(t.key(), t.configuration());
                }
            }
            if (username != null) {
                state.rememberAddress(username, address);
            }
        }
    }
}
