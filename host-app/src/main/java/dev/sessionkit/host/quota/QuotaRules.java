package dev.sessionkit.host.quota;

import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.error.TooManyRequestsException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link AnonymousQuota} implementation does alike, wherever its buckets live: the limits, the buckets'
 * configuration (capacity a minute's allowance, refilled greedily over each minute), how clients are grouped, the
 * errors, and the warning on refusals (at most one a minute per host).
 *
 * <p>Thread-safe.
 */
final class QuotaRules {
    private static final Logger LOG = LoggerFactory.getLogger(AnonymousQuota.class);
    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final long sessionsPerMinute;
    private final long bytesPerMinute;
    private final BucketConfiguration sessions;
    private final BucketConfiguration bytes;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    /**
     * @param sessionsPerMinute sessions one client may start per minute, positive
     * @param bytesPerMinute    bytes one client may write per minute, positive
     */
    QuotaRules(long sessionsPerMinute, long bytesPerMinute) {
        if (sessionsPerMinute <= 0 || bytesPerMinute <= 0) {
            throw new IllegalArgumentException("the anonymous quotas must be positive");
        }
        this.sessionsPerMinute = sessionsPerMinute;
        this.bytesPerMinute = bytesPerMinute;
        this.sessions = configuration(sessionsPerMinute);
        this.bytes = configuration(bytesPerMinute);
    }

    private static BucketConfiguration configuration(long limit) {
        return BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit).refillGreedy(limit, PERIOD))
                .build();
    }

    /** @param allowance what is counted @return its bucket's configuration */
    BucketConfiguration configuration(Allowance allowance) {
        return allowance == Allowance.SESSIONS_STARTED ? sessions : bytes;
    }

    /** Where the buckets are: takes from one, created full with {@link #configuration(Allowance)} when missing. */
    @FunctionalInterface
    interface Buckets {
        /**
         * @param client    the client's group ({@link #group})
         * @param allowance what is taken
         * @param amount    how much
         * @return the bucket's answer
         */
        ConsumptionProbe tryConsume(String client, Allowance allowance, long amount);
    }

    /**
     * {@link AnonymousQuota#take}, over some buckets.
     *
     * @param client    the client's address
     * @param allowance what is taken
     * @param amount    how much (nothing when not positive)
     * @param buckets   the buckets
     */
    void take(String client, Allowance allowance, long amount, Buckets buckets) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(allowance, "allowance");
        if (amount <= 0) return;
        long limit = limitOf(allowance);
        if (amount > limit) {
            throw new PayloadTooLargeException("ANONYMOUS_WRITE_TOO_LARGE", "This write holds " + amount + " bytes, "
                    + "more than the " + limit + " bytes a caller without sign-in may write per minute, so it can "
                    + "never be accepted. Write less at once, or sign in.",
                    Map.of("bytes", amount, "limitPerMinute", limit));
        }
        String group = group(client);
        ConsumptionProbe probe = buckets.tryConsume(group, allowance, amount);
        if (probe.isConsumed()) return;
        Duration wait = Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
        warn(group, allowance, limit);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("allowance", allowance.id());
        details.put("limitPerMinute", limit);
        details.put("requested", amount);
        details.put("retryAfterSeconds", Math.max(1, (wait.toNanos() + 999_999_999L) / 1_000_000_000L));
        throw new TooManyRequestsException("ANONYMOUS_QUOTA_EXCEEDED", "Callers without sign-in may have at most "
                + limit + " " + allowance.description() + " per minute from one address, and this one has used its "
                + "share. Retry after the seconds in Retry-After, or sign in: signed-in users are not counted.",
                details, wait);
    }

    private long limitOf(Allowance allowance) {
        return allowance == Allowance.SESSIONS_STARTED ? sessionsPerMinute : bytesPerMinute;
    }

    /** One warning a minute at most, so a flood does not flood the log. */
    private void warn(String client, Allowance allowance, long limit) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Anonymous quota reached by client {}: {} {} per minute; its requests get 429 until its "
                    + "allowance refills (further refusals are not logged for a minute)", client, limit,
                    allowance.description());
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
}
