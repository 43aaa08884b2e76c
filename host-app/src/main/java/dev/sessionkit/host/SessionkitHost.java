package dev.sessionkit.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.host.apps.AppRepository;
import dev.sessionkit.host.apps.AppStore;
import dev.sessionkit.host.apps.RedisAppStore;
import dev.sessionkit.host.apps.AppRoutes;
import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.auth.AuthRoutes;
import dev.sessionkit.host.auth.Authenticator;
import dev.sessionkit.host.auth.HostAccounts;
import dev.sessionkit.host.auth.RedisRevocations;
import dev.sessionkit.host.auth.Revocations;
import dev.sessionkit.host.auth.InMemoryThrottleState;
import dev.sessionkit.host.auth.RedisThrottleState;
import dev.sessionkit.host.auth.ThrottleState;
import dev.sessionkit.host.auth.RevokedTokens;
import dev.sessionkit.host.auth.SignInThrottle;
import dev.sessionkit.host.auth.SignUpThrottle;
import dev.sessionkit.host.auth.SigningKey;
import dev.sessionkit.host.auth.TokenService;
import dev.sessionkit.host.cluster.ClusterHosts;
import dev.sessionkit.host.cluster.ClusterRoutes;
import dev.sessionkit.host.cluster.SharedBuckets;
import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.cluster.SingleHostImport;
import dev.sessionkit.host.expression.RenderLimits;
import dev.sessionkit.host.flows.ExecutionHistory;
import dev.sessionkit.host.flows.FlowCatalog;
import dev.sessionkit.host.flows.FlowRoutes;
import dev.sessionkit.host.flows.FlowRunner;
import dev.sessionkit.host.flows.FlowValidator;
import dev.sessionkit.host.flows.InMemoryExecutionHistory;
import dev.sessionkit.host.flows.RedisExecutionHistory;
import dev.sessionkit.host.flows.SecretInputs;
import dev.sessionkit.host.health.DataDirectoryCheck;
import dev.sessionkit.host.health.HealthRoutes;
import dev.sessionkit.host.health.PluginsCheck;
import dev.sessionkit.host.health.Readiness;
import dev.sessionkit.host.health.SessionStoreCheck;
import dev.sessionkit.host.health.SharedStateCheck;
import dev.sessionkit.host.http.ClientAddress;
import dev.sessionkit.host.http.ErrorMapper;
import dev.sessionkit.host.http.Handlers;
import dev.sessionkit.host.http.JsonContentType;
import dev.sessionkit.host.http.JsonErrorHandler;
import dev.sessionkit.host.http.NoContent;
import dev.sessionkit.host.http.RequestBody;
import dev.sessionkit.host.http.RequestIds;
import dev.sessionkit.host.http.RequestLog;
import dev.sessionkit.host.http.RequestViews;
import dev.sessionkit.host.http.SecurityHeaders;
import dev.sessionkit.host.http.UnreadBody;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.marketplace.BundledRepository;
import dev.sessionkit.host.marketplace.ClusterPlugins;
import dev.sessionkit.host.marketplace.MarketplaceRoutes;
import dev.sessionkit.host.marketplace.MarketplaceService;
import dev.sessionkit.host.methods.MethodInvoker;
import dev.sessionkit.host.metrics.HostMetrics;
import dev.sessionkit.host.metrics.MetricsRoutes;
import dev.sessionkit.host.methods.MethodRoutes;
import dev.sessionkit.host.openapi.OpenApiRoutes;
import dev.sessionkit.host.plugins.BundledPlugins;
import dev.sessionkit.host.plugins.HostCompatibility;
import dev.sessionkit.host.plugins.PluginHost;
import dev.sessionkit.host.plugins.PluginRoutes;
import dev.sessionkit.host.quota.AnonymousQuota;
import dev.sessionkit.host.quota.LocalAnonymousQuota;
import dev.sessionkit.host.quota.RedisAnonymousQuota;
import dev.sessionkit.host.sessions.SessionAdminRoutes;
import dev.sessionkit.host.storage.AtomicFile;
import dev.sessionkit.host.storage.DataDirectory;
import dev.sessionkit.host.ui.WebUi;
import dev.sessionkit.host.users.AdminBootstrap;
import dev.sessionkit.host.users.PasswordHasher;
import dev.sessionkit.host.users.PasswordPolicy;
import dev.sessionkit.host.users.RedisUserStore;
import dev.sessionkit.host.users.UserAccounts;
import dev.sessionkit.host.users.UserRepository;
import dev.sessionkit.host.users.UserRoutes;
import dev.sessionkit.host.users.UserStore;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.PersistenceMode;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sessionkit host: the session store, users and sign-in, apps, PF4J plugins and the REST API over one data
 * directory, served by Javalin.
 *
 * <pre>{@code
 * SessionkitHost host = SessionkitHost.create(config -> {
 *     config.dataDir = Path.of("/var/lib/sessionkit");
 *     config.port = 0; // any free port
 * }).start();
 * int port = host.port();
 * host.stop();
 * }</pre>
 *
 * <p>{@link #start()} runs once: it takes the data directory's lock, creates the first admin and the default app on a
 * first start, installs the bundled session plugin, starts the plugins and then listens. {@link #stop()} (also run by
 * the shutdown hook on SIGTERM) lets requests in flight finish (up to {@link HostConfig#shutdownTimeout}), stops the
 * plugins, closes the store (which writes its last session changes and a final snapshot of the sessions) and releases
 * the lock. Every other file is written durably when it changes. A host is not restartable; create a new one over the
 * same data directory.
 *
 * <p>Thread-safe: {@code start} and {@code stop} are serialized; {@code stop} is idempotent.
 */
public final class SessionkitHost {
    private static final Logger LOG = LoggerFactory.getLogger(SessionkitHost.class);
    /** Jetty's header cache holds header values up to this many characters: short ones, never a bearer token. */
    private static final int HEADER_CACHE_SIZE = 256;
    /** The buffer Javalin copies an answer to Jetty with, allocated per request. */
    private static final int RESPONSE_COPY_BUFFER = 4096;
    /** The bundled plugins a first start installs: the session plugin, so the main job works at once. */
    private static final List<String> FIRST_START_PLUGINS = List.of("session-plugin");

    private final HostConfig config;
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean stopped;
    private Closeable dataLock;
    private HostSessionStore store;
    private SharedState shared;
    private PluginHost plugins;
    private HostMetrics metrics;
    private FlowRunner flows;
    private Javalin javalin;

    private SessionkitHost(HostConfig config) {
        this.config = config;
    }

    /**
     * Builds a host from a config, filled in by {@code configurer} from the defaults.
     *
     * @param configurer sets the fields of a new {@link HostConfig}
     * @return the host, not started
     * @throws IllegalArgumentException when a setting is not acceptable
     */
    public static SessionkitHost create(Consumer<HostConfig> configurer) {
        HostConfig config = new HostConfig();
        configurer.accept(config);
        config.validate();
        return new SessionkitHost(config);
    }

    /**
     * Starts the host. When anything fails, what was started is stopped again and the failure is rethrown.
     *
     * @return this host, listening
     * @throws IllegalStateException when it was started before, or when the data directory is in use or holds a
     *                               file that is not valid
     * @throws RuntimeException      when the port cannot be bound or a file cannot be written
     */
    public SessionkitHost start() {
        synchronized (lifecycle) {
            if (started) {
                throw new IllegalStateException("A host starts once; create a new one to start again.");
            }
            started = true;
            try {
                boot();
            } catch (RuntimeException | Error e) {
                shutDown();
                throw e;
            }
            return this;
        }
    }

    /** Stops the host gracefully; does nothing if it is not running. */
    public void stop() {
        synchronized (lifecycle) {
            if (started && !stopped) {
                shutDown();
                LOG.info("Sessionkit stopped");
            }
        }
    }

    /** @return the port the host listens on (the chosen one when configured with 0) */
    public int port() {
        synchronized (lifecycle) {
            if (javalin == null || stopped) {
                throw new IllegalStateException("The host is not running.");
            }
            return javalin.port();
        }
    }

    /** @return the running Javalin, for tests in this package (javalin-testtools' client needs it) */
    Javalin javalin() {
        return javalin;
    }

    private void boot() {
        ObjectMapper mapper = Json.newMapper();
        String version = HostVersion.current();
        DataDirectory data = DataDirectory.prepare(config.dataDir);
        dataLock = data.lock();

        // Sessions live in the host, not in a plugin, so they survive plugin reloads: in this host's memory by
        // default, or in Redis, shared by every host started with the same --redis-url (LOCAL sessions, which belong
        // to one execution, stay in this host either way). The embedded store keeps its GLOBAL, TOKEN and SHARED
        // sessions in <data-dir>/sessions (a snapshot and a log, --session-persistence), so they survive a restart
        // and a crash. Reading them back takes about a second per 100,000 sessions: the embedded store reads them on
        // its own thread while the rest of the host starts, and session calls wait for it; /health/ready is down
        // until they are read, and the start completes (or fails) once they are.
        metrics = new HostMetrics();
        store = openSessionStore(data);

        // Accounts, revoked tokens, the signing key and the apps: in the data directory, or in cluster mode
        // (--redis-url) in Redis, shared by every host of the cluster. A host whose data directory holds accounts and
        // apps brings them into a cluster that never had any, once: that is how one host becomes a cluster.
        UserStore users;
        Revocations revoked;
        byte[] signingKey;
        AppStore apps;
        if (config.redisUrl == null) {
            users = UserRepository.open(mapper, data.users());
            revoked = RevokedTokens.open(mapper, data.revokedTokens(), config.clock);
            signingKey = SigningKey.loadOrCreate(data.signingKey());
            apps = AppRepository.open(mapper, data.apps(), config.clock);
        } else {
            shared = SharedState.connect(config.redisUrl, config.redisNamespace);
            SingleHostImport firstHost = new SingleHostImport(shared);
            users = new RedisUserStore(shared, mapper);
            firstHost.users(UserRepository.open(mapper, data.users()), users);
            revoked = new RedisRevocations(shared, config.clock);
            signingKey = SigningKey.shared(shared, data.signingKey());
            RedisAppStore clusterApps = new RedisAppStore(shared, mapper, config.clock);
            if (Files.isDirectory(data.apps())) {
                firstHost.apps(AppRepository.open(mapper, data.apps(), config.clock), clusterApps);
            }
            clusterApps.createDefaultOnFirstStart();
            apps = clusterApps;
        }

        // The first admin (once, even when several hosts of a cluster start at the same moment), sign-in.
        UserAccounts accounts = new UserAccounts(users,
                new PasswordHasher(config.bcryptCost, metrics.passwordCheckCounter()),
                new PasswordPolicy(config.passwordMinLength), config.clock);
        new AdminBootstrap(accounts, data.initialAdminPassword(), config.console)
                .ensureAdmin(config.initialAdminPassword);
        TokenService tokens = new TokenService(signingKey, config.jwtIssuer, config.jwtLifetime, config.clock);
        Authenticator authenticator = new Authenticator(tokens, revoked, accounts);
        // Password guessing is slowed down per client address and per username before any bcrypt work; the counts
        // live in this host's memory, or in cluster mode in Redis, so a failure on any host counts on every host.
        SharedBuckets buckets = shared == null ? null : new SharedBuckets(shared, config.clock);
        ThrottleState throttleState = shared == null
                ? new InMemoryThrottleState(config.clock, longestRefill(),
                        config.signInLimits.rememberAddress(), InMemoryThrottleState.DEFAULT_MAX_ENTRIES)
                : new RedisThrottleState(shared, buckets, config.clock, config.signInLimits.rememberAddress());
        SignInThrottle throttle = new SignInThrottle(config.signInLimits, throttleState);
        // Account creation from a flow's Sign Up step (the Auth plugin) is counted per address in the same state.
        SignUpThrottle signUps = new SignUpThrottle(config.signUpsPerAddress, throttleState);
        ClientAddress clientAddress = ClientAddress.trusting(config.trustedProxies);

        // Plugins. A first start installs the session plugin from the bundled repository, and only it: the bundled
        // repository offers more (the Auth plugin), which an admin installs from the marketplace when an app needs it.
        plugins = new PluginHost(data.plugins(), version,
                new BundledPlugins(BundledRepository.create(new HostCompatibility(version)), FIRST_START_PLUGINS),
                metrics.methodCallCounters());
        plugins.startAll();
        MarketplaceService marketplace = MarketplaceService.create(config.pluginRepositories, plugins, apps::all);

        // In a cluster, the plugins follow the cluster's: a change on any host reaches every host, and every host
        // reports itself (GET /api/cluster).
        ClusterHosts clusterHosts = null;
        ClusterPlugins clusterPlugins = null;
        if (shared != null) {
            clusterPlugins = new ClusterPlugins(shared, plugins, marketplace, mapper);
            clusterPlugins.join();
            clusterHosts = new ClusterHosts(shared, mapper, config.clock, version);
            clusterHosts.beat(plugins::registry, clusterPlugins::appliedVersion, clusterPlugins::problems);
        }
        ClusterRoutes clusterRoutes = new ClusterRoutes(clusterHosts,
                clusterPlugins == null ? () -> null : clusterPlugins::desired, mapper);
        // A template renders at most a session value's size, so a short template over a large message cannot build
        // a text thousands of times the request's size.
        RenderLimits renderLimits = RenderLimits.of(config.sessionLimits.maxValueBytes());
        // Callers without a JWT are counted per client address (behind a trusted proxy, the address it forwards):
        // the sessions they start and the bytes they write per minute; in this host's memory, or in cluster mode in
        // Redis, so a client spread over every host by the load balancer gets one quota.
        AnonymousQuota quota = shared == null
                ? new LocalAnonymousQuota(config.anonymousSessionsPerMinute, config.anonymousBytesPerMinute,
                        config.clock)
                : new RedisAnonymousQuota(config.anonymousSessionsPerMinute, config.anonymousBytesPerMinute, buckets);
        OpenApiRoutes openApi = new OpenApiRoutes(version, plugins::registry);
        String contentSecurityPolicy = WebUi.contentSecurityPolicy();
        metrics.watch(store);
        // Signing in, up and out: one implementation for the host's own routes and for plugins, which reach it as the
        // Accounts host service (plugin-api), bound to each call's caller and address, never through host classes.
        HostAccounts hostAccounts = new HostAccounts(accounts, throttle, signUps, metrics.signInObserver(), tokens,
                revoked, store);
        MethodInvoker invoker = new MethodInvoker(apps, plugins::registry, store, quota, config.globalIdleTimeout,
                config.clock, renderLimits, hostAccounts);
        // The last executions of each flow, for the editor: in this host's memory, or in cluster mode in Redis, so
        // an execution run through any host is listed by every host.
        ExecutionHistory history = shared == null ? new InMemoryExecutionHistory(ExecutionHistory.DEFAULT_PER_FLOW)
                : new RedisExecutionHistory(shared, mapper, ExecutionHistory.DEFAULT_PER_FLOW);
        flows = new FlowRunner(plugins::registry, store, quota, config.globalIdleTimeout, config.clock, history,
                config.flowWorkers, renderLimits, metrics.executionCounter(), hostAccounts);

        metrics.watchPlugins(plugins::registry);

        // Readiness for load balancers and orchestrators (GET /health/ready): the session store answers and can
        // write, in cluster mode the shared state's Redis answers, no plugin failed, the data directory takes writes.
        Readiness readiness = Readiness.of().with("sessionStore", new SessionStoreCheck(store));
        if (shared != null) readiness = readiness.with("redis", new SharedStateCheck(shared));
        readiness = readiness.with("plugins", new PluginsCheck(plugins::registry))
                .with("dataDirectory", new DataDirectoryCheck(data.root(), config.clock));
        Readiness ready = readiness;

        javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.maxRequestSize = config.maxRequestSize;
            // Javalin copies each answer to Jetty through a new buffer of this size (by default Jetty's 32 KiB output
            // buffer), zeroed on every request, though almost every answer is under 1 KiB; larger answers are copied
            // in more rounds into the same Jetty buffer.
            cfg.http.responseBufferSize = RESPONSE_COPY_BUFFER;
            cfg.appData(RequestBody.LIMIT, config.maxRequestSize);
            // Headers expressions never read, besides the credentials RequestView always hides.
            cfg.appData(RequestViews.HIDDEN_HEADERS, config.hiddenRequestHeaders.stream()
                    .map(name -> name.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
            cfg.http.prefer405over404 = true;
            // ctx.ip() is the client's address: the peer's, or what a trusted proxy says in X-Forwarded-For.
            cfg.contextResolver.ip = clientAddress::of;
            cfg.jetty.modifyServer(server -> {
                server.setHandler(new GracefulHandler()); // stop() waits for requests in flight
                server.setStopTimeout(config.shutdownTimeout.toMillis());
                server.setErrorHandler(new JsonErrorHandler(mapper)); // malformed URLs get JSON, not HTML
            });
            // Jetty caches header lines per connection to parse repeated ones faster, for values up to this many
            // characters (default 1024). A bearer token (about 300) then entered the cache, and a connection carrying
            // several users' tokens (a proxy, a load balancer) refilled and cleared it on almost every request. At
            // 256, short lines such as the content type are still cached; tokens never are.
            cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(HEADER_CACHE_SIZE));
            RequestLog requestLog = new RequestLog();
            cfg.requestLogger.http((ctx, ms) -> {
                metrics.recordRequest(ctx, ms);
                requestLog.handle(ctx, ms);
            });
            WebUi.serve(cfg);
            new ErrorMapper(config.maxRequestSize).register(cfg.routes);
            // What every request goes through, each stage's handlers as one (Javalin prepares each handler apart).
            cfg.routes.before(Handlers.inOrder(
                    RequestIds.assign(),
                    // Scripts, styles and connections from the host only (the UI's inline import map by its hash).
                    SecurityHeaders.apply(contentSecurityPolicy)));
            cfg.routes.beforeMatched(Handlers.inOrder(
                    // JSON routes read only bodies that say they are JSON: other sites' forms cannot post to them.
                    JsonContentType.require(),
                    Access.authenticate(authenticator)));
            cfg.routes.after(Handlers.inOrder(
                    NoContent.withoutContentType(),
                    UnreadBody.drain(config.maxRequestSize))); // so long answers are never cut off
            // The data plane first: Javalin tries a request's routes in the order they were added, so the routes
            // called most (direct method calls, flow triggers) are found without testing the admin routes' paths.
            new MethodRoutes(invoker, mapper).register(cfg.routes);
            new FlowRoutes(new FlowCatalog(apps), flows, history, accounts, mapper).register(cfg.routes);
            new AuthRoutes(hostAccounts, mapper).register(cfg.routes);
            new UserRoutes(accounts, store, mapper).register(cfg.routes);
            new PluginRoutes(plugins).register(cfg.routes);
            new MarketplaceRoutes(marketplace, mapper).register(cfg.routes);
            new AppRoutes(apps, new FlowValidator(plugins::registry), new SecretInputs(plugins::registry), store,
                    history, mapper).register(cfg.routes);
            new SessionAdminRoutes(apps, store, accounts, revoked, config.jwtLifetime, mapper).register(cfg.routes);
            new HealthRoutes(version, plugins, store, ready, mapper).register(cfg.routes);
            clusterRoutes.register(cfg.routes);
            new MetricsRoutes(metrics).register(cfg.routes);
            openApi.register(cfg.routes);
        });
        javalin.start(config.bindAddress, config.port);
        // The start is complete once the kept sessions are read; if they cannot be, it fails (and stops the server).
        store.awaitOpen();
        LOG.info("Sessionkit {} listening on http://{}:{} with data directory {}", version, config.bindAddress,
                javalin.port(), data.root());
    }

    /** @return how long a throttle bucket must stay unused before it is full again, whichever limit it has */
    private Duration longestRefill() {
        Duration signIns = SignInThrottle.longestRefill(config.signInLimits);
        return config.signUpsPerAddress.period().compareTo(signIns) > 0 ? config.signUpsPerAddress.period() : signIns;
    }

    /**
     * The session store of the settings: over Redis (connected), or embedded (reading its kept sessions on a thread of
     * its own; calls wait for them).
     */
    private HostSessionStore openSessionStore(DataDirectory data) {
        if (config.redisUrl != null) {
            return HostSessionStore.onRedis(redis -> {
                redis.url = config.redisUrl;
                redis.namespace = config.redisNamespace;
                redis.clock = config.clock;
                redis.limits = config.sessionLimits;
                redis.anonymous = config.anonymousLimits;
                redis.observer = metrics.sessionStoreObserver();
            });
        }
        if (config.sessionPersistence != PersistenceMode.NONE) AtomicFile.ownerOnlyDirectory(data.sessions());
        return HostSessionStore.embedded(embedded -> {
            embedded.clock = config.clock;
            embedded.limits = config.sessionLimits;
            embedded.anonymous = config.anonymousLimits;
            embedded.persistence.mode = config.sessionPersistence;
            embedded.persistence.directory = data.sessions();
            embedded.persistence.channels = config.sessionFileChannels;
            embedded.readFilesInBackground = true;
        });
    }

    /** Stops whatever was started, in reverse order, logging failures and going on. Called under the lock. */
    private void shutDown() {
        stopped = true;
        if (javalin != null) {
            quietly("the HTTP server", javalin::stop);
        }
        if (flows != null) {
            quietly("the flow workers", flows::close);
        }
        if (plugins != null) {
            quietly("the plugins", plugins::stopAll);
        }
        if (metrics != null) {
            quietly("the metrics", metrics::close);
        }
        if (store != null) {
            // Waits for the embedded store's files to be read if the start failed before; a store that could not read
            // them has nothing to write back.
            quietly("the session store", store::close);
        }
        if (shared != null) {
            quietly("the connection to the shared state", shared::close);
        }
        if (dataLock != null) {
            quietly("the data directory lock", () -> {
                try {
                    dataLock.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("Failed to stop {}", what, e);
        }
    }
}
