package dev.sessionkit.host.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.host.HostVersion;
import dev.sessionkit.host.auth.FailureLimit;
import dev.sessionkit.host.auth.HostAccounts;
import dev.sessionkit.host.auth.InMemoryThrottleState;
import dev.sessionkit.host.auth.Revocations;
import dev.sessionkit.host.auth.RevokedTokens;
import dev.sessionkit.host.auth.SignInLimits;
import dev.sessionkit.host.auth.SignInThrottle;
import dev.sessionkit.host.auth.SignUpThrottle;
import dev.sessionkit.host.auth.TokenService;
import dev.sessionkit.host.apps.App;
import dev.sessionkit.host.apps.AppRepository;
import dev.sessionkit.host.expression.RequestView;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.users.PasswordHasher;
import dev.sessionkit.host.users.PasswordPolicy;
import dev.sessionkit.host.users.UserAccounts;
import dev.sessionkit.host.users.UserRepository;
import dev.sessionkit.host.methods.DirectCall;
import dev.sessionkit.host.expression.RenderLimits;
import dev.sessionkit.host.methods.MethodInvoker;
import dev.sessionkit.host.quota.LocalAnonymousQuota;
import dev.sessionkit.host.marketplace.BundledRepository;
import dev.sessionkit.host.plugins.HostCompatibility;
import dev.sessionkit.host.plugins.BundledPlugins;
import dev.sessionkit.host.plugins.PluginHost;
import dev.sessionkit.store.HostSessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading three GLOBAL parameters: through the whole method dispatch ({@code session.get-parameters} of the real,
 * PF4J-loaded session plugin: app lookup, LOCAL session, expressions, descriptor validation, the plugin, the store)
 * against the store API alone and against a raw Caffeine get of the same three values. No HTTP.
 *
 * <p>Run (numbers go to docs/performance.md):
 * <pre>{@code
 * ./mvnw -q -pl host-app -am -DskipTests -Pjmh verify -Djmh.args="GetParametersBenchmark"
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GetParametersBenchmark {
    private static final List<String> NAMES = List.of("cartId", "itemCount", "lastSeen");

    private Path dataDir;
    private HostSessionStore store;
    private PluginHost plugins;
    private MethodInvoker invoker;
    private DirectCall call;
    private SessionRef.Global global;
    private Cache<String, Map<String, JsonNode>> raw;

    @Setup
    public void setUp() throws IOException {
        ObjectMapper mapper = Json.newMapper();
        Clock clock = Clock.systemUTC();
        dataDir = Files.createTempDirectory("sessionkit-bench");
        store = HostSessionStore.embedded(config -> { });
        AppRepository apps = AppRepository.open(mapper, dataDir.resolve("apps"), clock);
        String version = HostVersion.current();
        plugins = new PluginHost(dataDir.resolve("plugins"), version,
                new BundledPlugins(BundledRepository.create(new HostCompatibility(version)),
                        List.of("session-plugin")));
        plugins.startAll();
        if (plugins.registry().find("session.get-parameters").isEmpty()) {
            throw new IllegalStateException("The session plugin did not start: " + plugins.registry().plugins());
        }
        invoker = new MethodInvoker(apps, plugins::registry, store, new LocalAnonymousQuota(60, 1 << 20, clock),
                Duration.ofMinutes(30), clock, RenderLimits.DEFAULTS, accounts(mapper, clock));

        UserIdentity user = new UserIdentity("user-1", "ada", "user");
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("cartId", TextNode.valueOf("cart-42"));
        values.put("itemCount", IntNode.valueOf(3));
        values.put("lastSeen", TextNode.valueOf("2026-11-22T10:15:30+01:00"));
        global = new SessionRef.Global(App.DEFAULT_ID, user, Duration.ofMinutes(30));
        store.put(global, values, PutOptions.DEFAULT);

        ObjectNode inputs = mapper.createObjectNode().put("scope", "GLOBAL");
        NAMES.forEach(name -> inputs.withArray("parameters").addObject().put("name", name));
        call = new DirectCall(App.DEFAULT_ID, "session.get-parameters", Optional.of(user), Optional.empty(), inputs,
                mapper.createObjectNode(), () -> RequestView.EMPTY, "127.0.0.1");

        raw = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(30)).build();
        raw.put(App.DEFAULT_ID + "/" + user.id(), Map.copyOf(values));
    }

    /** The host's accounts over files in the benchmark's data directory (the benchmark signs nobody in). */
    private HostAccounts accounts(ObjectMapper mapper, Clock clock) {
        UserAccounts users = new UserAccounts(UserRepository.open(mapper, dataDir.resolve("users.json")),
                new PasswordHasher(4), new PasswordPolicy(12), clock);
        InMemoryThrottleState throttle = new InMemoryThrottleState(clock, Duration.ofMinutes(15),
                Duration.ofDays(30), InMemoryThrottleState.DEFAULT_MAX_ENTRIES);
        Revocations revoked = RevokedTokens.open(mapper, dataDir.resolve("revoked-tokens.json"), clock);
        return new HostAccounts(users, new SignInThrottle(SignInLimits.DEFAULTS, throttle),
                new SignUpThrottle(new FailureLimit(10, Duration.ofHours(1)), throttle), outcome -> { },
                new TokenService(new byte[32], "sessionkit-bench", Duration.ofHours(8), clock), revoked, store);
    }

    @TearDown
    public void tearDown() throws IOException {
        plugins.stopAll();
        store.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The baseline: a Caffeine get and the three values from the map it holds. */
    @Benchmark
    public void rawCaffeineGet(Blackhole blackhole) {
        Map<String, JsonNode> session = raw.getIfPresent("default/user-1");
        for (String name : NAMES) {
            blackhole.consume(session.get(name));
        }
    }

    /** The session store API: expiry, scope addressing, immutable snapshot of the three values. */
    @Benchmark
    public Map<String, JsonNode> storeGet() {
        return store.get(global, NAMES);
    }

    /** The whole direct call, as {@code POST /api/apps/default/methods/session.get-parameters} runs it. */
    @Benchmark
    public Object methodDispatch() {
        return invoker.invoke(call).result().output();
    }
}
