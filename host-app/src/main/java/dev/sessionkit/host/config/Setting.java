package dev.sessionkit.host.config;

import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.host.HostConfig;
import dev.sessionkit.host.http.ClientAddress;
import dev.sessionkit.store.AnonymousLimits;
import dev.sessionkit.store.PersistenceMode;
import dev.sessionkit.store.RedisUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One setting of the host, available in three forms with the same name: the option {@code --<name>}, the
 * environment variable {@code SESSIONKIT_<NAME>} (upper case, dashes as underscores) and the key {@code <name>} of the
 * config file. Defaults are those of a new {@link HostConfig}.
 */
public enum Setting {
    PORT("port", "HTTP port; 0 picks a free one",
            (c, v) -> c.port = Units.integer(v, 0, 65_535), c -> Integer.toString(c.port)),
    BIND_ADDRESS("bind-address", "network interface to listen on",
            (c, v) -> c.bindAddress = v.trim(), c -> c.bindAddress),
    DATA_DIR("data-dir", "users, apps, signing key, revoked tokens and installed plugins",
            (c, v) -> c.dataDir = Path.of(v.trim()), c -> c.dataDir.toString()),
    REDIS_URL("redis-url", "keep sessions in Redis, shared by every host given the same URL (redis://host:port,"
            + " rediss:// for TLS, redis-cluster://host1:port1,host2:port2)",
            (c, v) -> {
                String url = v.trim();
                if (!url.isEmpty()) RedisUrl.parse(url, Duration.ofSeconds(1));
                c.redisUrl = url.isEmpty() ? null : url;
            },
            c -> c.redisUrl == null ? "none (sessions in this host's memory)"
                    : RedisUrl.parse(c.redisUrl, Duration.ofSeconds(1)).toString()),
    REDIS_NAMESPACE("redis-namespace", "prefix of every Redis key, so several environments can share one Redis",
            (c, v) -> {
                if (!v.trim().matches("[A-Za-z0-9._-]{1,64}")) {
                    throw new IllegalArgumentException("expects 1 to 64 letters, digits, '.', '_' or '-'");
                }
                c.redisNamespace = v.trim();
            }, c -> c.redisNamespace),
    SESSION_PERSISTENCE("session-persistence", "how the embedded store keeps sessions in <data-dir>/sessions: none, "
            + "everysec (forced to disk within a second) or always (forced before each write is answered); not used "
            + "with redis-url",
            (c, v) -> c.sessionPersistence = PersistenceMode.parse(v), c -> c.sessionPersistence.text()),
    GLOBAL_IDLE_TIMEOUT("global-idle-timeout", "GLOBAL session idle timeout of apps that set none",
            (c, v) -> c.globalIdleTimeout = Units.duration(v), c -> Units.format(c.globalIdleTimeout)),
    JWT_LIFETIME("jwt-lifetime", "how long a sign-in token is valid",
            (c, v) -> c.jwtLifetime = Units.duration(v), c -> Units.format(c.jwtLifetime)),
    JWT_ISSUER("jwt-issuer", "the iss claim of tokens",
            (c, v) -> c.jwtIssuer = v.trim(), c -> c.jwtIssuer),
    MAX_REQUEST_SIZE("max-request-size", "largest request body (413 above)",
            (c, v) -> c.maxRequestSize = Units.bytes(v), c -> Units.formatBytes(c.maxRequestSize)),
    SESSION_MAX_PARAMETERS("session-max-parameters", "parameters one session may hold",
            (c, v) -> c.sessionLimits = new SessionLimits(Units.integer(v, 1, Integer.MAX_VALUE),
                    c.sessionLimits.maxValueBytes(), c.sessionLimits.maxTotalBytes(), c.sessionLimits.maxSessions()),
            c -> Integer.toString(c.sessionLimits.maxParametersPerSession())),
    SESSION_MAX_VALUE_SIZE("session-max-value-size", "size of one session value as JSON",
            (c, v) -> c.sessionLimits = new SessionLimits(c.sessionLimits.maxParametersPerSession(), Units.bytes(v),
                    c.sessionLimits.maxTotalBytes(), c.sessionLimits.maxSessions()),
            c -> Units.formatBytes(c.sessionLimits.maxValueBytes())),
    SESSION_MAX_TOTAL_SIZE("session-max-total-size", "bytes all sessions together may hold",
            (c, v) -> c.sessionLimits = new SessionLimits(c.sessionLimits.maxParametersPerSession(),
                    c.sessionLimits.maxValueBytes(), Units.bytes(v), c.sessionLimits.maxSessions()),
            c -> Units.formatBytes(c.sessionLimits.maxTotalBytes())),
    SESSION_MAX_SESSIONS("session-max-sessions", "live sessions the store may hold",
            (c, v) -> c.sessionLimits = new SessionLimits(c.sessionLimits.maxParametersPerSession(),
                    c.sessionLimits.maxValueBytes(), c.sessionLimits.maxTotalBytes(),
                    Units.integer(v, 1, Integer.MAX_VALUE)),
            c -> Long.toString(c.sessionLimits.maxSessions())),
    ANONYMOUS_IDLE_TIMEOUT("anonymous-idle-timeout", "longest idle timeout of a session started without sign-in",
            (c, v) -> c.anonymousLimits = new AnonymousLimits(Units.duration(v), c.anonymousLimits.maxLifetime(),
                    c.anonymousLimits.share()),
            c -> Units.format(c.anonymousLimits.idleTimeout())),
    ANONYMOUS_MAX_LIFETIME("anonymous-max-lifetime", "longest life of a session started without sign-in, touches or "
            + "not",
            (c, v) -> c.anonymousLimits = new AnonymousLimits(c.anonymousLimits.idleTimeout(), Units.duration(v),
                    c.anonymousLimits.share()),
            c -> Units.format(c.anonymousLimits.maxLifetime())),
    ANONYMOUS_STORE_SHARE("anonymous-store-share", "share of the store's bytes and sessions that sessions started "
            + "without sign-in may hold together (0.5 or 50%)",
            (c, v) -> c.anonymousLimits = new AnonymousLimits(c.anonymousLimits.idleTimeout(),
                    c.anonymousLimits.maxLifetime(), Units.share(v)),
            c -> Units.formatShare(c.anonymousLimits.share())),
    ANONYMOUS_SESSIONS_PER_MINUTE("anonymous-sessions-per-minute", "sessions one client address may start per minute "
            + "without sign-in (429 above)",
            (c, v) -> c.anonymousSessionsPerMinute = Units.integer(v, 1, Integer.MAX_VALUE),
            c -> Long.toString(c.anonymousSessionsPerMinute)),
    ANONYMOUS_BYTES_PER_MINUTE("anonymous-bytes-per-minute", "bytes one client address may write to sessions per "
            + "minute without sign-in (429 above)",
            (c, v) -> c.anonymousBytesPerMinute = Units.bytes(v), c -> Units.formatBytes(c.anonymousBytesPerMinute)),
    PASSWORD_MIN_LENGTH("password-min-length", "shortest user password accepted",
            (c, v) -> c.passwordMinLength = Units.integer(v, 8, 1_000), c -> Integer.toString(c.passwordMinLength)),
    BCRYPT_COST("bcrypt-cost", "bcrypt work factor of new password hashes",
            (c, v) -> c.bcryptCost = Units.integer(v, 4, 31), c -> Integer.toString(c.bcryptCost)),
    SIGN_IN_FAILURES_PER_ADDRESS("sign-in-failures-per-address", "failed sign-ins one client address may make, "
            + "whatever the usernames, as failures/period: that many at once, then one each period/failures (429 above)",
            (c, v) -> c.signInLimits = c.signInLimits.withPerAddress(Units.failureLimit(v)),
            c -> Units.format(c.signInLimits.perAddress())),
    SIGN_IN_FAILURES_PER_USERNAME_AND_ADDRESS("sign-in-failures-per-username-and-address", "failed sign-ins for one "
            + "username from one client address, as failures/period",
            (c, v) -> c.signInLimits = c.signInLimits.withPerUsernameAndAddress(Units.failureLimit(v)),
            c -> Units.format(c.signInLimits.perUsernameAndAddress())),
    SIGN_IN_FAILURES_PER_USERNAME("sign-in-failures-per-username", "failed sign-ins for one username from all the "
            + "addresses that have not signed in as that user before, together, as failures/period",
            (c, v) -> c.signInLimits = c.signInLimits.withPerUsername(Units.failureLimit(v)),
            c -> Units.format(c.signInLimits.perUsername())),
    SIGN_IN_REMEMBER_ADDRESS("sign-in-remember-address", "how long an address that signed in as a user stays exempt "
            + "from that username's sign-in-failures-per-username limit",
            (c, v) -> c.signInLimits = c.signInLimits.withRememberAddress(Units.duration(v)),
            c -> Units.format(c.signInLimits.rememberAddress())),
    SIGN_UPS_PER_ADDRESS("sign-ups-per-address", "accounts one client address may try to create with a flow's "
            + "Sign Up step (Auth plugin), as count/period (429 above)",
            (c, v) -> c.signUpsPerAddress = Units.failureLimit(v), c -> Units.format(c.signUpsPerAddress)),
    TRUSTED_PROXIES("trusted-proxies", "reverse proxies (IP addresses or CIDR ranges, comma-separated) whose "
            + "X-Forwarded-For names the client's address",
            (c, v) -> {
                List<String> proxies = Arrays.stream(v.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                        .toList();
                ClientAddress.trusting(proxies);
                c.trustedProxies = proxies;
            },
            c -> c.trustedProxies.isEmpty() ? "none (the connection's address is the client's)"
                    : String.join(",", c.trustedProxies)),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "how long stopping waits for requests in flight",
            (c, v) -> c.shutdownTimeout = Units.duration(v), c -> Units.format(c.shutdownTimeout)),
    HIDDEN_REQUEST_HEADERS("hidden-request-headers", "request headers expressions never read, comma-separated "
            + "(Authorization, Proxy-Authorization and Cookie always are)",
            (c, v) -> c.hiddenRequestHeaders = Units.names(v), c -> c.hiddenRequestHeaders.isEmpty()
                    ? "none besides Authorization, Proxy-Authorization and Cookie"
                    : String.join(",", new java.util.TreeSet<>(c.hiddenRequestHeaders))),
    PLUGIN_REPOSITORIES("plugin-repositories", "a repositories.json naming more plugin repositories (folders or URLs)",
            (c, v) -> c.pluginRepositories = v.isBlank() ? null : Path.of(v.trim()),
            c -> c.pluginRepositories == null ? "none (the bundled repository only)" : c.pluginRepositories.toString());

    private final String key;
    private final String description;
    private final BiConsumer<HostConfig, String> apply;
    private final Function<HostConfig, String> show;

    Setting(String key, String description, BiConsumer<HostConfig, String> apply, Function<HostConfig, String> show) {
        this.key = key;
        this.description = description;
        this.apply = apply;
        this.show = show;
    }

    /** @return the key in the config file, also the option name without {@code --} */
    public String key() {
        return key;
    }

    /** @return the option, {@code --<key>} */
    public String option() {
        return "--" + key;
    }

    /** @return the environment variable, {@code SESSIONKIT_<KEY>} */
    public String environmentVariable() {
        return environmentVariable(key);
    }

    /** @return one line for the help text */
    public String description() {
        return description;
    }

    /**
     * Parses {@code value} and sets it on {@code config}.
     *
     * @param config the config to change
     * @param value  the raw text
     * @throws IllegalArgumentException saying what is accepted when the value does not parse or is out of range
     */
    public void apply(HostConfig config, String value) {
        apply.accept(config, value);
    }

    /** @param config a config @return this setting's value in it, as text */
    public String show(HostConfig config) {
        return show.apply(config);
    }

    /**
     * @param key a config file key or option name (without {@code --})
     * @return the setting, or null if there is none of that name
     */
    public static Setting byKey(String key) {
        for (Setting setting : values()) {
            if (setting.key.equals(key)) return setting;
        }
        return null;
    }

    static String environmentVariable(String key) {
        return "SESSIONKIT_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
