package dev.sessionkit.host.metrics;

import dev.sessionkit.host.auth.SignInObserver;
import dev.sessionkit.host.flows.ExecutionCounter;
import dev.sessionkit.host.plugins.MethodCallCounters;
import dev.sessionkit.host.plugins.MethodRegistry;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.StoreObserver;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.lang.management.ManagementFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The host's metrics, in Prometheus' text format at {@code GET /metrics}:
 * <ul>
 *   <li>{@code http_server_requests_seconds} (count, sum, max) by {@code method}, {@code route} (the route template,
 *       such as {@code /api/apps/{appId}/methods/{methodId}}, or {@code UNMATCHED}) and {@code status};</li>
 *   <li>the session store's, listed in {@link SessionStoreMetrics};</li>
 *   <li>{@code sessionkit_plugins}: installed plugins, and {@code sessionkit_plugins_started}: started ones;</li>
 *   <li>{@code sessionkit_method_calls_total{plugin, method, outcome}}: plugin method calls (direct calls and flow
 *       steps), outcome {@code ok} or {@code failed} (the method threw); the counters of a method are registered when
 *       its plugin starts, so a call only increments one;</li>
 *   <li>{@code sessionkit_flow_executions_total{app, outcome}}: finished flow executions, outcome {@code ok},
 *       {@code refused} (a 4xx), {@code failed} (a 5xx) or {@code timed_out};</li>
 *   <li>{@code sessionkit_sign_ins_total{outcome}}: sign-ins by outcome ({@code signed_in}, {@code refused},
 *       {@code throttled}), and {@code sessionkit_password_checks_total}: bcrypt password checks (a throttled sign-in
 *       makes none);</li>
 *   <li>the JVM's memory, GC, threads, class loading, CPU and uptime.</li>
 * </ul>
 * Tags come from route templates, never from raw paths, ids or tokens, so their number stays bounded. Gauges hold
 * their sources strongly: Micrometer's default weak reference would let a method-reference supplier be collected
 * and the gauge read NaN.
 *
 * <p>Thread-safe.
 */
public final class HostMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The request timers by method, route and status: looked up once each, not built again on every request. */
    private final ConcurrentMap<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

    private record RequestKey(String method, String route, int status) {
    }
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    private final SessionStoreMetrics sessionStore;

    /** Starts the JVM's metrics; the session store's and the plugins' start with {@link #watch} and {@link #watchPlugins}. */
    public HostMetrics() {
        // promtool's lint refuses two of Micrometer's JVM names: process_cpu_time_ns_total (an abbreviated unit) is
        // replaced by Prometheus' usual process_cpu_seconds_total, and system_cpu_count (a _count suffix on a gauge)
        // is named system_cpu_cores.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.cores") : id;
            }
        });
        sessionStore = new SessionStoreMetrics(registry); // registers meters: after the filters
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu.seconds", os, bean -> bean.getProcessCpuTime() / 1e9)
                    .description("CPU time used by the host's process, in seconds").register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** @return counts sign-ins by outcome */
    public SignInObserver signInObserver() {
        Map<SignInObserver.Outcome, Counter> counters = new EnumMap<>(SignInObserver.Outcome.class);
        for (SignInObserver.Outcome outcome : SignInObserver.Outcome.values()) {
            counters.put(outcome, Counter.builder("sessionkit.sign.ins").description("Sign-ins by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        return outcome -> counters.get(outcome).increment();
    }

    /** @return the counters of plugin method calls, resolved once per method as its plugin starts */
    public MethodCallCounters methodCallCounters() {
        return (pluginId, methodId) -> {
            Counter ok = methodCalls(pluginId, methodId, "ok");
            Counter failed = methodCalls(pluginId, methodId, "failed");
            return threw -> (threw ? failed : ok).increment();
        };
    }

    private Counter methodCalls(String pluginId, String methodId, String outcome) {
        return Counter.builder("sessionkit.method.calls").description("Plugin method calls, direct and in flows")
                .tag("plugin", pluginId).tag("method", methodId).tag("outcome", outcome).register(registry);
    }

    /** @return counts finished flow executions by app and outcome (counters found per app without allocating) */
    public ExecutionCounter executionCounter() {
        ConcurrentMap<String, Counter[]> byApp = new ConcurrentHashMap<>();
        ExecutionCounter.Outcome[] outcomes = ExecutionCounter.Outcome.values();
        return (appId, outcome) -> byApp.computeIfAbsent(appId, app -> {
            Counter[] counters = new Counter[outcomes.length];
            for (ExecutionCounter.Outcome each : outcomes) {
                counters[each.ordinal()] = Counter.builder("sessionkit.flow.executions")
                        .description("Finished flow executions by app and outcome").tag("app", app)
                        .tag("outcome", each.name().toLowerCase(Locale.ROOT)).register(registry);
            }
            return counters;
        })[outcome.ordinal()].increment();
    }

    /** @return counts one bcrypt password check each time it runs */
    public Runnable passwordCheckCounter() {
        Counter checks = Counter.builder("sessionkit.password.checks")
                .description("bcrypt password checks (sign-ins that reached the password check)").register(registry);
        return checks::increment;
    }

    /** @return what a shared session store tells of each operation it sends (given to the store when it is made) */
    public StoreObserver sessionStoreObserver() {
        return sessionStore;
    }

    /** @param store the host's session store: its bytes, live sessions, expirations and status */
    public void watch(HostSessionStore store) {
        sessionStore.watch(store);
    }

    /** @param plugins the current method registry, for plugin counts */
    public void watchPlugins(Supplier<MethodRegistry> plugins) {
        Gauge.builder("sessionkit.plugins", plugins, registry -> registry.get().plugins().size())
                .description("Installed plugins").strongReference(true).register(registry);
        Gauge.builder("sessionkit.plugins.started", plugins, registry -> registry.get().startedPlugins())
                .description("Started plugins").strongReference(true).register(registry);
    }

    /**
     * Records one answered request.
     *
     * @param ctx             the request, answered
     * @param executionTimeMs how long it took
     */
    public void recordRequest(Context ctx, float executionTimeMs) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        RequestKey key = new RequestKey(ctx.method().name(), endpoint == null ? "UNMATCHED" : endpoint.path,
                ctx.statusCode());
        requestTimers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                        .description("HTTP requests answered, by method, route template and status")
                        .tag("method", k.method())
                        .tag("route", k.route())
                        .tag("status", Integer.toString(k.status()))
                        .register(registry))
                .record((long) (executionTimeMs * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** @return every metric in Prometheus' text exposition format (version 0.0.4) */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * @param contentType the format asked for: Prometheus' text format, or OpenMetrics'
     *                    ({@code application/openmetrics-text; version=1.0.0; charset=utf-8})
     * @return every metric in that format
     */
    public String scrape(String contentType) {
        return registry.scrape(contentType);
    }

    /** Stops the GC listener. */
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
