package dev.sessionkit.host.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.http.RequestBody;
import dev.sessionkit.host.users.Role;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/**
 * The app routes.
 *
 * <ul>
 *   <li>{@code GET /api/apps} (signed in): every app, by id.</li>
 *   <li>{@code POST /api/apps} (admin or builder) {@code {"id", "name"?, "sessionIdleTimeoutSeconds"?, "flows"?}}:
 *       201 with the app; 400 for an invalid id, name, timeout or flows; 409 {@code APP_EXISTS}.</li>
 *   <li>{@code GET /api/apps/{appId}} (signed in): the app; 404 {@code APP_NOT_FOUND}.</li>
 *   <li>{@code PUT /api/apps/{appId}} (admin or builder) {@code {"version", "name"?, "flows"?}}: 200 with the app
 *       at its next version; 409 {@code VERSION_CONFLICT} when {@code version} is not the current one.</li>
 *   <li>{@code DELETE /api/apps/{appId}} (admin or builder): 204; 404 {@code APP_NOT_FOUND}.</li>
 * </ul>
 */
public final class AppRoutes {
    private final AppRepository apps;
    private final ObjectMapper mapper;

    /**
     * @param apps   the app definitions
     * @param mapper the host's mapper
     */
    public AppRoutes(AppRepository apps, ObjectMapper mapper) {
        this.apps = apps;
        this.mapper = mapper;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/apps", this::list);
        routes.post("/api/apps", this::create);
        routes.get("/api/apps/{appId}", this::get);
        routes.put("/api/apps/{appId}", this::update);
        routes.delete("/api/apps/{appId}", this::delete);
    }

    private void list(Context ctx) {
        Access.signedIn(ctx);
        ArrayNode list = mapper.createArrayNode();
        apps.all().forEach(app -> list.add(app.toJson()));
        ctx.json(list);
    }

    private void create(Context ctx) {
        Access.withRole(ctx, Role.ADMIN, Role.BUILDER);
        RequestBody body = RequestBody.read(ctx, mapper, false)
                .allowOnly("id", "name", "sessionIdleTimeoutSeconds", "flows");
        String id = body.requiredString("id");
        App.checkId(id);
        JsonNode flows = body.optional("flows").orElse(null);
        if (flows != null && !flows.isArray()) {
            throw new InvalidInputException("INVALID_FLOWS", "'flows' must be an array of flow objects.",
                    Map.of("field", "flows"));
        }
        App app = apps.create(id, body.optionalString("name").orElse(id),
                body.optionalLong("sessionIdleTimeoutSeconds").orElse(null), (ArrayNode) flows);
        ctx.status(201).header("Location", "/api/apps/" + app.id()).json(app.toJson());
    }

    private void get(Context ctx) {
        Access.signedIn(ctx);
        ctx.json(apps.require(ctx.pathParam("appId")).toJson());
    }

    private void update(Context ctx) {
        Access.withRole(ctx, Role.ADMIN, Role.BUILDER);
        RequestBody body = RequestBody.read(ctx, mapper, false).allowOnly("version", "name", "flows");
        long version = body.optionalLong("version").orElseThrow(() -> new InvalidInputException("VERSION_REQUIRED",
                "'version' is required: send the version you read, so a change made meanwhile is not overwritten.",
                Map.of("field", "version")));
        JsonNode flows = body.optional("flows").orElse(null);
        if (flows != null && !flows.isArray()) {
            throw new InvalidInputException("INVALID_FLOWS", "'flows' must be an array of flow objects.",
                    Map.of("field", "flows"));
        }
        ctx.json(apps.update(ctx.pathParam("appId"), version, body.optionalString("name").orElse(null),
                (ArrayNode) flows).toJson());
    }

    private void delete(Context ctx) {
        Access.withRole(ctx, Role.ADMIN, Role.BUILDER);
        apps.delete(ctx.pathParam("appId"));
        ctx.status(204);
    }
}
