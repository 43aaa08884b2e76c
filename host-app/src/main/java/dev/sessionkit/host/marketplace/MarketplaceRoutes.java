package dev.sessionkit.host.marketplace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.http.RequestBody;
import dev.sessionkit.host.plugins.PluginJson;
import dev.sessionkit.host.plugins.PluginReport;
import dev.sessionkit.host.users.Role;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The marketplace routes, admin only (401 without a token, 403 for other roles):
 * <ul>
 *   <li>{@code GET /api/marketplace}: the repositories' plugins next to the installed ones ({@link MarketplaceJson}).
 *   </li>
 *   <li>{@code POST /api/marketplace/{pluginId}/install} with an optional body {@code {"version"}}: installs and
 *       starts it; answers the plugin as {@code GET /api/plugins} shows it.</li>
 *   <li>{@code POST /api/plugins/{id}/update} with an optional {@code {"version"}} (default: the newest compatible):
 *       answers the plugin.</li>
 *   <li>{@code POST /api/plugins/{id}/enable}, {@code POST /api/plugins/{id}/disable}: answer the plugin.</li>
 *   <li>{@code DELETE /api/plugins/{id}}: answers {@code {"removed": plugin, "affectedFlows": [{"appId", "flowId",
 *       "flowName", "stepIds", "methods"}]}}.</li>
 *   <li>{@code GET /api/plugins/{id}/flows}: the flows that use the installed plugin, before a disable or uninstall:
 *       {@code {"pluginId", "flows": [same entries as affectedFlows]}}.</li>
 * </ul>
 * Errors are the product exceptions of {@link MarketplaceService}, mapped by the host's error mapper; docs/api.md
 * ("Marketplace and plugins") lists them. Stateless; handlers run on request threads.
 */
public final class MarketplaceRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final MarketplaceService marketplace;
    private final ObjectMapper mapper;

    /**
     * @param marketplace the marketplace
     * @param mapper      the host's mapper
     */
    public MarketplaceRoutes(MarketplaceService marketplace, ObjectMapper mapper) {
        this.marketplace = marketplace;
        this.mapper = mapper;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/marketplace", ctx -> {
            Access.withRole(ctx, Role.ADMIN);
            ctx.json(marketplace.listing());
        });
        routes.post("/api/marketplace/{pluginId}/install", ctx -> {
            Access.withRole(ctx, Role.ADMIN);
            ctx.json(plugin(marketplace.install(ctx.pathParam("pluginId"), version(ctx))));
        });
        routes.post("/api/plugins/{id}/update", ctx -> {
            Access.withRole(ctx, Role.ADMIN);
            ctx.json(plugin(marketplace.update(ctx.pathParam("id"), version(ctx))));
        });
        routes.post("/api/plugins/{id}/enable", ctx -> {
            Access.withRole(ctx, Role.ADMIN);
            ctx.json(plugin(marketplace.enable(ctx.pathParam("id"))));
        });
        routes.post("/api/plugins/{id}/disable", ctx -> {
            Access.withRole(ctx, Role.ADMIN);
            ctx.json(plugin(marketplace.disable(ctx.pathParam("id"))));
        });
        routes.delete("/api/plugins/{id}", ctx -> {
            Access.withRole(ctx, Role.ADMIN);
            MarketplaceService.Removal removal = marketplace.uninstall(ctx.pathParam("id"));
            ObjectNode json = NODES.objectNode();
            json.set("removed", plugin(removal.plugin()));
            json.set("affectedFlows", flows(removal.affectedFlows()));
            ctx.json(json);
        });
        routes.get("/api/plugins/{id}/flows", ctx -> {
            Access.withRole(ctx, Role.ADMIN);
            String id = ctx.pathParam("id");
            ObjectNode json = NODES.objectNode().put("pluginId", id);
            json.set("flows", flows(marketplace.flowsUsing(id)));
            ctx.json(json);
        });
    }

    /** @return {@code [{"appId", "flowId", "flowName", "stepIds", "methods"}]} */
    private static ArrayNode flows(List<AffectedFlows.AffectedFlow> affected) {
        ArrayNode flows = NODES.arrayNode();
        for (AffectedFlows.AffectedFlow flow : affected) {
            ObjectNode entry = flows.addObject().put("appId", flow.appId()).put("flowId", flow.flowId())
                    .put("flowName", flow.flowName());
            flow.stepIds().forEach(entry.putArray("stepIds")::add);
            flow.methods().forEach(entry.putArray("methods")::add);
        }
        return flows;
    }

    private static ObjectNode plugin(PluginReport report) {
        return (ObjectNode) PluginJson.plugins(List.of(report)).get(0);
    }

    /** The optional {@code version} of an optional body. */
    private String version(Context ctx) {
        Optional<String> version = RequestBody.read(ctx, mapper, true).allowOnly("version").optionalString("version");
        if (version.isPresent() && !version.get().matches("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]*)?")) {
            throw new InvalidInputException("INVALID_VERSION", "'" + version.get() + "' is not a version. Give a "
                    + "release's version such as 1.2.0 (GET /api/marketplace lists them), or leave it out for the "
                    + "newest that runs on this host.", Map.of("field", "version", "received", version.get()));
        }
        return version.orElse(null);
    }
}
