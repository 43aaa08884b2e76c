package dev.sessionkit.host;

import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.host.auth.FailureLimit;
import dev.sessionkit.host.auth.SignInLimits;
import dev.sessionkit.host.http.ClientAddress;
import dev.sessionkit.store.AnonymousLimits;
import dev.sessionkit.store.FileChannels;
import dev.sessionkit.store.PersistenceMode;
import dev.sessionkit.store.RedisUrl;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a {@link SessionkitHost} is built from: a plain object whose public fields are set by the consumer given
 * to {@link SessionkitHost#create} (as Javalin configures itself). Fields hold their defaults until changed.
 *
 * <p>{@link dev.sessionkit.host.config.LaunchOptions} fills it from the command line, the environment and a config
 * file; tests set fields directly (a {@code ManualClock}, a temporary data directory, port 0). The host reads it once,
 * in {@link SessionkitHost#create}; changing it afterwards has no effect. Not thread-safe (it is filled on one thread).
 */
public final class HostConfig {
    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** Where users, apps, the signing key, revoked tokens and installed plugins are kept. Default {@code ./data}. */
    public Path dataDir = Path.of("data");

    /** The interface to listen on. Default {@code 0.0.0.0} (all). */
    public String bindAddress = "0.0.0.0";

    /** The HTTP port; 0 picks a free one (see {@link SessionkitHost#port()}). Default 7070. */
    public int port = 7070;

    /** The clock for token times, session expiry and timestamps. Default the UTC system clock. */
    public Clock clock = Clock.systemUTC();

    /** How long a GLOBAL session lives without a read or write, for apps that do not set their own. Default 30 min. */
    public Duration globalIdleTimeout = Duration.ofMinutes(30);

    /** How long a signed-in token is valid. Default 8 hours. */
    public Duration jwtLifetime = Duration.ofHours(8);

    /** The {@code iss} claim of issued tokens, required on verified ones. Default {@code sessionkit}. */
    public String jwtIssuer = "sessionkit";

    /** The largest request body accepted, in bytes; larger ones get 413. Default 1 MiB. */
    public long maxRequestSize = 1024 * 1024;

    /**
     * Where the sessions live when several hosts share them: a Redis URL ({@code redis://[user:password@]host:port[/db]},
     * {@code rediss://} for TLS, {@code redis-cluster://host1:port1,host2:port2} for a Redis Cluster). Default null:
     * the embedded store, in this host's memory, which needs no service.
     */
    public String redisUrl;

    /** The prefix of every Redis key, so several environments can share one Redis. Default {@code sessionkit}. */
    public String redisNamespace = "sessionkit";

    /**
     * How the embedded session store keeps its sessions in {@code <dataDir>/sessions} so they survive a restart and a
     * crash: {@code NONE} (not kept), {@code EVERYSEC} (forced to disk at most a second after each change; the
     * default) or {@code ALWAYS} (forced before each write is answered). Ignored with {@link #redisUrl}: Redis keeps
     * its own data.
     */
    public PersistenceMode sessionPersistence = PersistenceMode.EVERYSEC;

    /**
     * Opens the session files. Default {@link FileChannels#DEFAULT}; a test hands channels that fail, as a full disk
     * does, to check the host's answers.
     */
    public FileChannels sessionFileChannels = FileChannels.DEFAULT;

    /** Limits of the session store: parameters per session, bytes per value, bytes in all. */
    public SessionLimits sessionLimits = SessionLimits.DEFAULTS;

    /**
     * What sessions started without a signed-in user (anonymous sessions) may take: their longest idle timeout
     * (default 30 min), their longest life (default 24 h) and the share of the store's bytes and sessions they may
     * hold together (default half), so a flood of anonymous callers never blocks signed-in users.
     */
    public AnonymousLimits anonymousLimits = AnonymousLimits.DEFAULTS;

    /** TOKEN and SHARED sessions one client address may start per minute without sign-in (429 past it). Default 60. */
    public long anonymousSessionsPerMinute = 60;

    /**
     * Bytes (names plus values as JSON) one client address may write per minute to TOKEN and SHARED sessions without
     * sign-in (429 past it). Default 1 MiB.
     */
    public long anonymousBytesPerMinute = 1024 * 1024;

    /** The shortest password accepted for a user. Default 12 characters. */
    public int passwordMinLength = 12;

    /** The bcrypt cost (log2 of the work factor, 4 to 31) for new password hashes. Default 12. */
    public int bcryptCost = 12;

    /**
     * How many failed sign-ins are allowed per client address, per username and address, and per username, before
     * {@code POST /api/auth/login} answers 429 (see {@link dev.sessionkit.host.auth.SignInThrottle}). Default
     * {@link SignInLimits#DEFAULTS}.
     */
    public SignInLimits signInLimits = SignInLimits.DEFAULTS;

    /**
     * How many accounts one client address may try to create through a flow's Sign Up step (the Auth plugin), as a
     * {@link FailureLimit}: that many at once, then one more each period/count; 429 {@code TOO_MANY_SIGN_UPS} above
     * (see {@link dev.sessionkit.host.auth.SignUpThrottle}). Default {@code 10/1h}.
     */
    public FailureLimit signUpsPerAddress = new FailureLimit(10, Duration.ofHours(1));

    /**
     * The reverse proxies whose {@code X-Forwarded-For} header names the client's address (IP addresses or CIDR
     * ranges, see {@link ClientAddress}), so sign-in throttling and the anonymous quota count each client rather than
     * the proxy; for anyone else the connection's address is the client's. Default none (behind a proxy, every client
     * then shares the proxy's limits).
     */
    public List<String> trustedProxies = List.of();

    /**
     * The first admin's password (from {@code SESSIONKIT_ADMIN_PASSWORD}), used only when the data directory has no
     * users yet; null generates a strong one, printed once to {@link #console} and stored owner-readable in
     * {@code <dataDir>/secrets/initial-admin-password}. Default null.
     */
    public String initialAdminPassword;

    /** Where the one-time admin password banner is printed (never through the logger). Default standard output. */
    public PrintStream console = System.out;

    /**
     * A {@code repositories.json} file in pf4j-update's format, {@code [{"id": "acme", "url": "https://..."}]}, naming
     * plugin repositories offered by the marketplace after the bundled one; a {@code url} may also be a folder (an
     * absolute path, or relative to the file). Read at start: a missing or invalid file stops the start with its
     * reason. Default null: the bundled repository only.
     */
    public Path pluginRepositories;

    /**
     * Request headers that expressions ({@code {{ request.headers.* }}}) never read, besides {@code Authorization},
     * {@code Proxy-Authorization} and {@code Cookie}, which are always hidden: names of headers carrying credentials
     * of your own ({@code X-Api-Key}...). Case-insensitive. Default none.
     */
    public Set<String> hiddenRequestHeaders = Set.of();

    /** How long {@link SessionkitHost#stop()} waits for requests in flight to finish. Default 30 seconds. */
    public Duration shutdownTimeout = Duration.ofSeconds(30);

    /**
     * How many threads may run flows' Parallel branches at once; past it, branches run one after the other on the
     * execution's thread. Default 256.
     */
    public int flowWorkers = 256;

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the first field whose value is not acceptable and why
     */
    public void validate() {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sessionLimits, "sessionLimits");
        Objects.requireNonNull(sessionPersistence, "sessionPersistence");
        Objects.requireNonNull(sessionFileChannels, "sessionFileChannels");
        Objects.requireNonNull(anonymousLimits, "anonymousLimits");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        require(anonymousSessionsPerMinute > 0, "anonymousSessionsPerMinute must be positive, was "
                + anonymousSessionsPerMinute);
        require(anonymousBytesPerMinute > 0, "anonymousBytesPerMinute must be positive, was "
                + anonymousBytesPerMinute);
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(signInLimits, "signInLimits");
        Objects.requireNonNull(signUpsPerAddress, "signUpsPerAddress");
        ClientAddress.trusting(trustedProxies);
        Objects.requireNonNull(hiddenRequestHeaders, "hiddenRequestHeaders");
        for (String header : hiddenRequestHeaders) {
            require(header != null && HEADER_NAME.matcher(header).matches(), "hiddenRequestHeaders holds '" + header
                    + "', which is not a header name");
        }
        require(port >= 0 && port <= 65_535, "port must be between 0 and 65535, was " + port);
        requirePositive("globalIdleTimeout", globalIdleTimeout);
        requirePositive("jwtLifetime", jwtLifetime);
        requirePositive("shutdownTimeout", shutdownTimeout);
        require(jwtIssuer != null && !jwtIssuer.isBlank(), "jwtIssuer must not be blank");
        require(maxRequestSize > 0, "maxRequestSize must be positive, was " + maxRequestSize);
        require(passwordMinLength >= 8, "passwordMinLength must be at least 8, was " + passwordMinLength);
        require(flowWorkers >= 1, "flowWorkers must be at least 1, was " + flowWorkers);
        require(bcryptCost >= 4 && bcryptCost <= 31, "bcryptCost must be between 4 and 31, was " + bcryptCost);
        if (redisUrl != null) RedisUrl.parse(redisUrl, Duration.ofSeconds(1));
        require(redisNamespace != null && redisNamespace.matches("[A-Za-z0-9._-]{1,64}"),
                "redisNamespace must be 1 to 64 letters, digits, '.', '_' or '-', was " + redisNamespace);
    }

    private static void requirePositive(String name, Duration value) {
        require(value != null && !value.isNegative() && !value.isZero(), name + " must be a positive duration");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
