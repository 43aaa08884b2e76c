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

/**
 * {@code GET /health} (anyone): liveness for load balancers and operators.
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
    private final ObjectMapper mapper;

    /**
     * @param version  the host version
     * @param plugins  the plugin host
     * @param sessions the host's session store
     * @param mapper   the host's mapper
     */
    public HealthRoutes(String version, PluginHost plugins, HostSessionStore sessions, ObjectMapper mapper) {
        this.version = version;
        this.plugins = plugins;
        this.sessions = sessions;
        this.mapper = mapper;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/health", this::health);
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
