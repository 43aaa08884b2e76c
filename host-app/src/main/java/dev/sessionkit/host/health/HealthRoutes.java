package dev.sessionkit.host.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.host.plugins.MethodRegistry;
import dev.sessionkit.host.plugins.PluginHost;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.StoreStatus;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/**
 * The health routes, open to anyone (they hold no ids, tokens or values):
 * <ul>
 *   <li>{@code GET /health/live}: liveness. {@code 200 {"status": "UP", "version": "0.1.0"}} whenever the process
 *       answers HTTP; it checks nothing else, so a Redis outage never makes an orchestrator restart a host that would
 *       only come back to the same outage.</li>
 *   <li>{@code GET /health/ready}: readiness, for a load balancer or a Kubernetes readiness probe: {@code 200} when
 *       every component of {@link Readiness} is up, {@code 503} when one is down, the body the same either way, shaped
 *       as Spring Boot actuator's health ({@code status}, then {@code components} by name, each with its
 *       {@code status} and {@code details}):
 *       <pre>{"status": "UP", "components": {
 *   "sessionStore": {"status": "UP", "details": {"kind": "memory", "persistence": "everysec", "bytesUsed": 0, "liveSessions": 0}},
 *   "plugins": {"status": "UP", "details": {"installed": 1, "started": 1, "failed": []}},
 *   "dataDirectory": {"status": "UP", "details": {"path": "/var/lib/sessionkit"}}}}</pre>
 *       In cluster mode a {@code redis} component (the shared state answers a PING) comes after the session store.
 *       A component that is down has {@code "status": "DOWN"} and says why in {@code details.problem}.</li>
 *   <li>{@code GET /health}: the summary below, kept as it always was (the benchmarks and existing monitors read
 *       it).</li>
 * </ul>
 *
 * <p>{@code GET /health}:
 *
 * <pre>{"status": "UP", "version": "0.1.0", "plugins": {"installed": 1, "started": 1},
 *  "sessionStore": {"kind": "memory", "status": "UP", "bytesUsed": 1234}}</pre>
 * The host answers {@code 200} whenever it serves requests; a plugin that failed shows as installed but not started.
 * When the session store cannot be reached (Redis is down), {@code status} is {@code DEGRADED} and the session store's
 * {@code status} is {@code DOWN}, with the {@code problem} in words; session operations then answer {@code 503}, while
 * the web UI and {@code /health} keep answering. Kinds: {@code memory}, {@code redis}, {@code redis-cluster}.
 */
public final class HealthRoutes {
    private final String version;
    private final PluginHost plugins;
    private final HostSessionStore sessions;
    private final Readiness readiness;
    private final ObjectMapper mapper;

    /**
     * @param version   the host version
     * @param plugins   the plugin host
     * @param sessions  the host's session store
     * @param readiness the components {@code /health/ready} checks
     * @param mapper    the host's mapper
     */
    public HealthRoutes(String version, PluginHost plugins, HostSessionStore sessions, Readiness readiness,
                        ObjectMapper mapper) {
        this.version = version;
        this.plugins = plugins;
        this.sessions = sessions;
        this.readiness = readiness;
        this.mapper = mapper;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/health", this::health);
        routes.get("/health/live", this::live);
        routes.get("/health/ready", this::ready);
    }

    private void live(Context ctx) {
        ctx.json(mapper.createObjectNode().put("status", "UP").put("version", version));
    }

    private void ready(Context ctx) {
        Map<String, ComponentHealth> components = readiness.check();
        boolean up = components.values().stream().allMatch(ComponentHealth::up);
        ObjectNode answer = mapper.createObjectNode().put("status", up ? "UP" : "DOWN");
        ObjectNode byName = answer.putObject("components");
        components.forEach((name, health) -> {
            ObjectNode component = byName.putObject(name).put("status", health.up() ? "UP" : "DOWN");
            component.set("details", mapper.valueToTree(health.details()));
        });
        ctx.status(up ? 200 : 503).json(answer);
    }

    private void health(Context ctx) {
        MethodRegistry registry = plugins.registry();
        ObjectNode answer = mapper.createObjectNode().put("status", "UP").put("version", version);
        answer.putObject("plugins")
                .put("installed", registry.plugins().size())
                .put("started", registry.startedPlugins());
        StoreStatus store = sessions.status();
        ObjectNode storeAnswer = answer.putObject("sessionStore").put("kind", store.kind())
                .put("status", store.up() ? "UP" : "DOWN");
        if (store.persistence() != null) storeAnswer.put("persistence", store.persistence());
        if (store.up()) {
            try {
                storeAnswer.put("bytesUsed", sessions.bytesUsed());
            } catch (ServiceUnavailableException e) {
                store = new StoreStatus(store.kind(), false, e.getMessage(), store.persistence());
                storeAnswer.put("status", "DOWN");
            }
        }
        if (!store.up()) {
            answer.put("status", "DEGRADED");
            storeAnswer.put("problem", store.problem());
        }
        ctx.json(answer);
    }
}
