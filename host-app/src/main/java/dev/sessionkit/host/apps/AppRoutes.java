package dev.sessionkit.host.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.flows.ExecutionHistory;
import dev.sessionkit.host.flows.FlowValidator;
import dev.sessionkit.host.flows.SecretInputs;
import dev.sessionkit.host.http.RequestBody;
import dev.sessionkit.host.users.Role;
import dev.sessionkit.store.HostSessionStore;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app routes.
 *
 * <ul>
 *   <li>{@code GET /api/apps} (signed in): every app, by id.</li>
 *   <li>{@code POST /api/apps} (admin or builder) {@code {"id", "name"?, "sessionIdleTimeoutSeconds"?, "flows"?}}:
 *       201 with the app at version 1; 400 for an invalid id, name, timeout or flows; 409 {@code APP_EXISTS}. This is
 *       also the import: an exported app (the JSON {@code GET} answers) is accepted as it is, its {@code version},
 *       {@code createdAt} and {@code updatedAt} ignored.</li>
 *   <li>{@code GET /api/apps/{appId}} (signed in): the app, which is also its export; 404 {@code APP_NOT_FOUND}.</li>
 *   <li>The answers of POST, PUT and GET of one app carry {@code "warnings"}: {@code [{"code", "flowId", "stepId",
 *       "field", "message"}]}, what the editor shows beside steps without refusing the save (a flow anyone may run
 *       that writes a SHARED session); a body that sends them back has them ignored.</li>
 *   <li>{@code PUT /api/apps/{appId}} (admin or builder) {@code {"version", "name", "sessionIdleTimeoutSeconds"?,
 *       "flows"}}: 200 with the new version; 409 {@code VERSION_CONFLICT} when {@code version} is not the current
 *       one; 400 as for POST. The execution history of flows the update removed is forgotten.</li>
 *   <li>{@code DELETE /api/apps/{appId}} (admin or builder): 204, every session of the app ends and its execution
 *       history is forgotten; 404 {@code APP_NOT_FOUND}.</li>
 * </ul>
 * Flows are validated before anything is written ({@link FlowValidator}): each failure is a 400 whose details name
 * the flow, the step and the field.
 *
 * <p>Secret values stay in the host ({@link SecretInputs}): every answer that shows an app carries
 * {@value SecretInputs#PLACEHOLDER} in their place and lists them in {@code "secretFields"} (so an export says which
 * values must be entered again on import; the field is ignored when sent back). A PUT that sends the placeholder
 * keeps the stored value; a placeholder with no stored value behind it (a POST, which is also the import, a new step
 * or row) is {@code 400 SECRET_VALUE_REQUIRED}.
 */
public final class AppRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AppRoutes.class);
    /** The fields of an app in a POST or PUT: those GET answers (an export imports as it is; warnings are ignored). */
    private static final String[] APP_FIELDS = {"id", "name", "sessionIdleTimeoutSeconds", "flows", "version",
        "createdAt", "updatedAt", "secretFields", "warnings"};

    private final AppStore apps;
    private final FlowValidator validator;
    private final SecretInputs secrets;
    private final HostSessionStore sessions;
    private final ExecutionHistory history;
    private final ObjectMapper mapper;

    /**
     * @param apps      the app definitions
     * @param validator checks flows before they are saved
     * @param secrets   hides secret values in answers and puts them back where a save sends the placeholder
     * @param sessions  the host's session store, to end a deleted app's sessions
     * @param history   the flows' execution history, to forget a deleted app's or removed flow's executions
     * @param mapper    the host's mapper
     */
    public AppRoutes(AppStore apps, FlowValidator validator, SecretInputs secrets, HostSessionStore sessions,
                     ExecutionHistory history, ObjectMapper mapper) {
        this.apps = apps;
        this.validator = validator;
        this.secrets = secrets;
        this.sessions = sessions;
        this.history = history;
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
        apps.all().forEach(app -> list.add(secrets.hide(app.toJson())));
        ctx.json(list);
    }

    private void create(Context ctx) {
        Access.withRole(ctx, Role.ADMIN, Role.BUILDER);
        RequestBody body = RequestBody.read(ctx, mapper, false)
                .allowOnly(APP_FIELDS);
        String id = body.requiredString("id");
        App.checkId(id);
        ArrayNode flows = validator.validate(secrets.putBack(flows(body), null));
        App app = apps.create(id, body.optionalString("name").orElse(id),
                body.optionalLong("sessionIdleTimeoutSeconds").orElse(null), flows);
        ctx.status(201).header("Location", "/api/apps/" + app.id()).json(withWarnings(app));
    }

    private void update(Context ctx) {
        Access.withRole(ctx, Role.ADMIN, Role.BUILDER);
        String id = apps.require(ctx.pathParam("appId")).id();
        RequestBody body = RequestBody.read(ctx, mapper, false).allowOnly(APP_FIELDS);
        body.optionalString("id").filter(given -> !given.equals(id)).ifPresent(given -> {
            throw new InvalidInputException("APP_ID_MISMATCH", "The body is app '" + given + "' but the URL names '"
                    + id + "'. An app's id never changes: create a new app to use another id.",
                    Map.of("field", "id"));
        });
        long version = body.optionalLong("version").orElseThrow(() -> new InvalidInputException("INVALID_INPUT",
                "'version' is required: send the version you read (GET /api/apps/" + id + "), so a save never "
                        + "overwrites someone else's change.", Map.of("field", "version")));
        String name = body.optionalString("name").orElseThrow(() -> new InvalidInputException("INVALID_INPUT",
                "'name' is required (a PUT sends the whole app).", Map.of("field", "name")));
        if (body.optional("flows").isEmpty()) {
            throw new InvalidInputException("INVALID_FLOWS", "'flows' is required (a PUT sends the whole app; send "
                    + "[] for none).", Map.of("field", "flows"));
        }
        ArrayNode sent = flows(body);
        App app = apps.update(id, version, name, body.optionalLong("sessionIdleTimeoutSeconds").orElse(null),
                current -> validator.validate(secrets.putBack(sent, current.flows())));
        history.retain(app.id(), flowIds(app));
        ctx.json(withWarnings(app));
    }

    /**
     * The app's JSON with {@code "warnings"}: what the editor shows beside steps without refusing the save
     * ({@link FlowValidator#warnings}). Computed on every answer, never stored; a body that sends it back has it
     * ignored.
     */
    private ObjectNode withWarnings(App app) {
        ObjectNode json = secrets.hide(app.toJson());
        ArrayNode warnings = json.putArray("warnings");
        validator.warnings(app.flows()).forEach(warning -> warnings.add(mapper.valueToTree(warning.toJson())));
        return json;
    }

    private static Set<String> flowIds(App app) {
        Set<String> ids = new HashSet<>();
        app.flows().forEach(flow -> ids.add(flow.path("id").asText()));
        return ids;
    }

    /** The body's flows as sent (an empty array when absent), before secrets are put back and they are validated. */
    private ArrayNode flows(RequestBody body) {
        JsonNode flows = body.optional("flows").orElseGet(mapper::createArrayNode);
        if (!flows.isArray()) {
            throw new InvalidInputException("INVALID_FLOWS", "'flows' must be an array of flow objects.",
                    Map.of("field", "flows"));
        }
        return (ArrayNode) flows;
    }

    private void get(Context ctx) {
        Access.signedIn(ctx);
        ctx.json(withWarnings(apps.require(ctx.pathParam("appId"))));
    }

    /**
     * Deletes the app, then ends its sessions and forgets its executions, so an app created later with the same id
     * starts with neither.
     */
    private void delete(Context ctx) {
        String caller = Access.withRole(ctx, Role.ADMIN, Role.BUILDER).user().username();
        App deleted = apps.delete(ctx.pathParam("appId"));
        int ended = sessions.endAppSessions(deleted.id());
        history.retain(deleted.id(), Set.of());
        LOG.info("'{}' deleted app {}; {} session(s) ended", caller, deleted.id(), ended);
        ctx.status(204);
    }
}
