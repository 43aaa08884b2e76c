package dev.sessionkit.host.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.error.TooManyRequestsException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AnonymousQuota} of one host, in its memory: one Bucket4j token bucket per client and {@link Allowance},
 * holding a minute's allowance and refilled continuously (greedily) over each minute, so a client that used it all
 * gets a little back every second rather than everything at the turn of the minute.
 *
 * <ul>
 *   <li>Clients: the address as given; IPv6 addresses are grouped by their /64 network, since one machine commonly
 *       holds a whole /64 and could otherwise change addresses at will.</li>
 *   <li>Memory: buckets unused for two minutes are forgotten (a full bucket is what a new one is), and at most
 *       {@value #MAX_CLIENTS} clients are kept; past that the least recently used are forgotten first.</li>
 *   <li>Time: the host's {@link Clock}, so tests advance it instead of sleeping.</li>
 *   <li>Refusals are logged at most once a minute, as a warning naming the client and the allowance.</li>
 * </ul>
 * Thread-safe.
 */
public final class LocalAnonymousQuota implements AnonymousQuota {
    /** The most clients whose buckets are kept at once. */
    public static final int MAX_CLIENTS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(LocalAnonymousQuota.class);
    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final long sessionsPerMinute;
    private final long bytesPerMinute;
    private final TimeMeter time;
    private final Cache<Key, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS)
            .expireAfterAccess(Duration.ofMinutes(2))
            .executor(Runnable::run)
            .build();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    /**
     * @param sessionsPerMinute sessions one client may start per minute, positive
     * @param bytesPerMinute    bytes one client may write per minute, positive
     * @param clock             the host's clock
     */
    public LocalAnonymousQuota(long sessionsPerMinute, long bytesPerMinute, Clock clock) {
        if (sessionsPerMinute <= 0 || bytesPerMinute <= 0) {
            throw new IllegalArgumentException("the anonymous quotas must be positive");
        }
        Objects.requireNonNull(clock, "clock");
        this.sessionsPerMinute = sessionsPerMinute;
        this.bytesPerMinute = bytesPerMinute;
        this.time = new ClockTimeMeter(clock);
    }

    @Override
    public void take(String client, Allowance allowance, long amount) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(allowance, "allowance");
        if (amount <= 0) return;
        long limit = limitOf(allowance);
        if (amount > limit) throw tooLarge(amount, limit);
        Key key = new Key(group(client), allowance);
        Bucket bucket = buckets.get(key, k -> newBucket(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(amount);
        if (probe.isConsumed()) return;
        Duration wait = Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
        warn(key, limit);
        throw exceeded(allowance, limit, amount, wait);
    }

    private long limitOf(Allowance allowance) {
        return allowance == Allowance.SESSIONS_STARTED ? sessionsPerMinute : bytesPerMinute;
    }

    private Bucket newBucket(long limit) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit).refillGreedy(limit, PERIOD))
                .withCustomTimePrecision(time)
                .build();
    }

    private static TooManyRequestsException exceeded(Allowance allowance, long limit, long amount, Duration wait) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("allowance", allowance.id());
        details.put("limitPerMinute", limit);
        details.put("requested", amount);
        details.put("retryAfterSeconds", Math.max(1, (wait.toNanos() + 999_999_999L) / 1_000_000_000L));
        return new TooManyRequestsException("ANONYMOUS_QUOTA_EXCEEDED", "Callers without sign-in may have at most "
                + limit + " " + allowance.description() + " per minute from one address, and this one has used its "
                + "share. Retry after the seconds in Retry-After, or sign in: signed-in users are not counted.",
                details, wait);
    }

    private static PayloadTooLargeException tooLarge(long amount, long limit) {
        return new PayloadTooLargeException("ANONYMOUS_WRITE_TOO_LARGE", "This write holds " + amount + " bytes, "
                + "more than the " + limit + " bytes a caller without sign-in may write per minute, so it can never "
                + "be accepted. Write less at once, or sign in.", Map.of("bytes", amount, "limitPerMinute", limit));
    }

    /** One warning a minute at most, so a flood does not flood the log. */
    private void warn(Key key, long limit) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Anonymous quota reached by client {}: {} {} per minute; its requests get 429 until its "
                    + "allowance refills (further refusals are not logged for a minute)", key.client(), limit,
                    key.allowance().description());
        }
    }

    /**
     * @param client a client address
     * @return what its bucket is kept under: the address, or for IPv6 its /64 network ({@code 2001:db8:1:2::/64})
     */
    static String group(String client) {
        if (client.indexOf(':') < 0 || !client.matches("[0-9A-Fa-f:.]{2,64}")) return client;
        try {
            // The text holds a ':', so it is parsed as an IPv6 literal, never looked up in DNS.
            byte[] bytes = InetAddress.getByName(client).getAddress();
            if (bytes.length != 16) return client;
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException e) {
            return client;
        }
    }

    /** A bucket's key. */
    private record Key(String client, Allowance allowance) {
    }
}
