package dev.sessionkit.host.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.host.plugins.MethodRegistry;
import dev.sessionkit.host.plugins.PluginHost;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * {@code GET /health} (anyone): liveness for load balancers and operators.
 *
 * <pre>{"status": "UP", "version": "0.1.0", "plugins": {"installed": 1, "started": 1},
 *  "sessionStore": {"bytesUsed": 1234}}</pre>
 * The host answers {@code UP} whenever it serves requests; a plugin that failed shows as installed but not started.
 */
public final class HealthRoutes {
    private final String version;
    private final PluginHost plugins;
    private final SessionStore sessions;
    private final ObjectMapper mapper;

    /**
     * @param version  the host version
     * @param plugins  the plugin host
     * @param sessions the host's session store
     * @param mapper   the host's mapper
     */
    public HealthRoutes(String version, PluginHost plugins, SessionStore sessions, ObjectMapper mapper) {
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
        answer.putObject("sessionStore").put("bytesUsed", sessions.bytesUsed());
        ctx.json(answer);
    }
}
