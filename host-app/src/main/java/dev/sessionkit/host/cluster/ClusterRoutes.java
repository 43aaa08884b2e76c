package dev.sessionkit.host.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.users.Role;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.function.Supplier;

/**
 * {@code GET /api/cluster} (admin): the hosts of the cluster with their last heartbeat, version and plugins, the
 * cluster's desired plugins, and whether every live host agrees with them. On a single host (no {@code --redis-url})
 * it answers {@code {"mode": "single"}}.
 */
public final class ClusterRoutes {
    private final ClusterHosts hosts;
    private final Supplier<JsonNode> desiredPlugins;
    private final ObjectMapper mapper;

    /**
     * @param hosts          the cluster's hosts, or null on a single host
     * @param desiredPlugins the cluster's desired plugins (ignored on a single host)
     * @param mapper         the host's mapper
     */
    public ClusterRoutes(ClusterHosts hosts, Supplier<JsonNode> desiredPlugins, ObjectMapper mapper) {
        this.hosts = hosts;
        this.desiredPlugins = desiredPlugins;
        this.mapper = mapper;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/cluster", this::describe);
    }

    private void describe(Context ctx) {
        Access.withRole(ctx, Role.ADMIN);
        if (hosts == null) {
            ctx.json(mapper.createObjectNode().put("mode", "single"));
            return;
        }
        JsonNode desired = desiredPlugins.get();
        ArrayNode all = hosts.list();
        boolean agree = true;
        for (JsonNode host : all) {
            if (!host.path("alive").asBoolean()) continue;
            boolean hostAgrees = agrees(host, desired);
            ((ObjectNode) host).put("inAgreement", hostAgrees);
            agree &= hostAgrees;
        }
        ObjectNode answer = mapper.createObjectNode().put("mode", "cluster").put("inAgreement", agree);
        answer.set("desiredPlugins", desired);
        answer.set("hosts", all);
        ctx.json(answer);
    }

    /** Whether a host runs every desired plugin at its version, started exactly when enabled, and nothing else. */
    private static boolean agrees(JsonNode host, JsonNode desired) {
        if (host.path("pluginProblems").size() > 0) return false;
        int matched = 0;
        for (JsonNode want : desired) {
            boolean found = false;
            for (JsonNode has : host.path("plugins")) {
                if (has.path("id").asText().equals(want.path("id").asText())) {
                    found = has.path("version").asText().equals(want.path("version").asText())
                            && "STARTED".equals(has.path("state").asText()) == want.path("enabled").asBoolean();
                }
            }
            if (!found) return false;
            matched++;
        }
        return matched == host.path("plugins").size();
    }
}
