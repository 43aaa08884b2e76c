package dev.sessionkit.host.metrics;

import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.StoreObserver;
import dev.sessionkit.store.StoreUsage;
import dev.sessionkit.api.session.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The session store's metrics:
 * <ul>
 *   <li>{@code sessionkit_session_store_bytes}: bytes held, as the store's limit counts them;</li>
 *   <li>{@code sessionkit_session_store_anonymous_bytes}: bytes held by anonymous sessions (started without a
 *       signed-in user), as their share counts them;</li>
 *   <li>{@code sessionkit_sessions_anonymous}: live anonymous sessions (among the TOKEN and SHARED ones);</li>
 *   <li>{@code sessionkit_sessions_live{scope}}: live sessions by scope ({@code global}, {@code token},
 *       {@code shared} of the whole store, every host's for Redis; {@code local} of this host's executions);</li>
 *   <li>{@code sessionkit_session_expirations_total{scope}}: sessions ended and DELETE_DATA data deleted by expiry, by
 *       scope ({@code global}, {@code token}, {@code shared}), counted by the store (on Redis: every host's, so each
 *       host shows the same totals);</li>
 *   <li>{@code sessionkit_session_store_up}: 1 when the store answers, 0 when it cannot be reached;</li>
 *   <li>{@code sessionkit_session_store_operations_seconds{operation, outcome}} (count, sum, max): each operation a
 *       shared store sends to Redis, round trip included; outcome {@code ok}, {@code refused} (a product error) or
 *       {@code unavailable} (Redis could not be reached or did not answer in time: the Redis errors);</li>
 *   <li>{@code sessionkit_session_operations_seconds{operation, outcome}} (count, sum, max): every operation of the
 *       host's store for its callers (plugin methods, the host), any scope, any backend: {@code start}, {@code open},
 *       {@code exists}, {@code info}, {@code get}, {@code put}, {@code update}, {@code delete}, {@code clear},
 *       {@code end}, {@code touch}; outcome {@code ok} or {@code failed};</li>
 *   <li>{@code sessionkit_sessions_started_total{scope}}: sessions this host started ({@code token}, {@code shared} by
 *       Start Session; {@code global} by its user's first use; {@code local} by an execution's first use);
 *       {@code sessionkit_sessions_ended_total{scope}}: sessions this host ended for a caller, a logout or an
 *       administrator (expiry is {@code sessionkit_session_expirations_total});</li>
 *   <li>{@code sessionkit_session_writes_refused_total{status, code}}: writes refused with 409 (a version conflict),
 *       413 (a value too large) or 507 (a full session or store, too many sessions).</li>
 * </ul>
 * Meters on the request path are registered up front (operations, scopes) and found without allocating.
 * Gauges read the store's usage once per second at most, so a scrape costs one round trip to Redis, and read the last
 * values while the store cannot be reached. Thread-safe.
 */
final class SessionStoreMetrics implements StoreObserver {
    private static final long USAGE_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile HostSessionStore store;
    private volatile StoreUsage usage = StoreUsage.EMPTY;
    private volatile long readAt = System.nanoTime() - USAGE_MAX_AGE_NANOS;

    /** Operations of the host's store, as {@link StoreObserver#call} names them. */
    private static final List<String> OPERATIONS = List.of("start", "open", "exists", "info", "get", "put", "update",
            "delete", "clear", "end", "touch");

    /** Timers by operation: [ok, failed]. Immutable after construction. */
    private final Map<String, Timer[]> calls;
    private final Counter[] started = new Counter[Scope.values().length];
    private final Counter[] ended = new Counter[Scope.values().length];
    private final ConcurrentMap<String, Counter> refusals = new ConcurrentHashMap<>();

    SessionStoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        Map<String, Timer[]> timers = new HashMap<>();
        for (String operation : OPERATIONS) {
            timers.put(operation, new Timer[] {callTimer(operation, "ok"), callTimer(operation, "failed")});
        }
        this.calls = Map.copyOf(timers);
        for (Scope scope : Scope.values()) {
            String tag = scope.name().toLowerCase(Locale.ROOT);
            started[scope.ordinal()] = Counter.builder("sessionkit.sessions.started")
                    .description("Sessions started by this host, by scope (GLOBAL: by its user's first use, LOCAL: by "
                            + "an execution's first use)")
                    .tag("scope", tag).register(registry);
            ended[scope.ordinal()] = Counter.builder("sessionkit.sessions.ended")
                    .description("Sessions ended by a caller, a logout or an administrator, by scope (expiry: "
                            + "sessionkit_session_expirations_total)").tag("scope", tag).register(registry);
        }
    }

    private Timer callTimer(String operation, String outcome) {
        return Timer.builder("sessionkit.session.operations")
                .description("Operations of the host's session store for its callers, any scope and backend")
                .tag("operation", operation).tag("outcome", outcome).register(registry);
    }

    @Override
    public void call(String operation, long nanos, boolean failed) {
        Timer[] timers = calls.get(operation);
        if (timers != null) timers[failed ? 1 : 0].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void started(Scope scope) {
        started[scope.ordinal()].increment();
    }

    @Override
    public void ended(Scope scope, int count) {
        ended[scope.ordinal()].increment(count);
    }

    @Override
    public void refused(int status, String code) {
        refusals.computeIfAbsent(code, c -> Counter.builder("sessionkit.session.writes.refused")
                .description("Session writes refused: 409 a version conflict, 413 a value too large, 507 a full "
                        + "session or store").tag("status", Integer.toString(status)).tag("code", c)
                .register(registry)).increment();
    }

    /** @param watched the host's store, whose usage and status the gauges show from now on */
    void watch(HostSessionStore watched) {
        this.store = watched;
        watched.observe(this);
        gauge("sessionkit.session.store.bytes", "Bytes of session values held, as counted against the store's limit",
                "bytes", null, metrics -> metrics.usage().bytes());
        gauge("sessionkit.session.store.anonymous.bytes", "Bytes held by sessions started without a signed-in user, "
                + "as counted against their share of the store", "bytes", null,
                metrics -> metrics.usage().anonymousBytes());
        gauge("sessionkit.sessions.anonymous", "Live sessions started without a signed-in user", null, null,
                metrics -> metrics.usage().anonymousCount());
        gauge("sessionkit.sessions.live", "Live sessions by scope", null, "global",
                metrics -> metrics.usage().globalCount());
        gauge("sessionkit.sessions.live", "Live sessions by scope", null, "token",
                metrics -> metrics.usage().tokenCount());
        gauge("sessionkit.sessions.live", "Live sessions by scope", null, "shared",
                metrics -> metrics.usage().sharedCount());
        gauge("sessionkit.sessions.live", "Live sessions by scope", null, "local",
                metrics -> metrics.store.localSessionCount());
        gauge("sessionkit.session.store.up", "1 when the session store answers, 0 when it cannot be reached", null,
                null, metrics -> metrics.store.status().up() ? 1 : 0);
        for (Scope scope : List.of(Scope.GLOBAL, Scope.TOKEN, Scope.SHARED)) {
            FunctionCounter.builder("sessionkit.session.expirations", this,
                            metrics -> metrics.usage().expirations(scope))
                    .description("Sessions ended, and DELETE_DATA data deleted, by expiry, by scope (the store's count: "
                            + "every host's on Redis)")
                    .tag("scope", scope.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    @Override
    public void operation(String operation, long nanos, String outcome) {
        timers.computeIfAbsent(operation + '/' + outcome, key -> Timer.builder("sessionkit.session.store.operations")
                        .description("Operations sent to the shared session store, round trip included")
                        .tag("operation", operation).tag("outcome", outcome).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private void gauge(String name, String description, String unit, String scope,
                       ToDoubleFunction<SessionStoreMetrics> value) {
        Gauge.Builder<SessionStoreMetrics> builder = Gauge.builder(name, this, value).description(description)
                .strongReference(true);
        if (unit != null) builder.baseUnit(unit);
        if (scope != null) builder.tag("scope", scope);
        builder.register(registry);
    }

    /** The store's usage, read again when the last reading is a second old; the last one while Redis is down. */
    private StoreUsage usage() {
        long now = System.nanoTime();
        if (now - readAt >= USAGE_MAX_AGE_NANOS) {
            readAt = now;
            try {
                usage = store.usage();
            } catch (ServiceUnavailableException e) {
                // The store is down: sessionkit_session_store_up says so; the gauges keep their last values.
            }
        }
        return usage;
    }
}
