package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.ForbiddenException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.auth.Caller;
import dev.sessionkit.host.expression.RequestView;
import dev.sessionkit.host.http.ErrorMapper;
import dev.sessionkit.host.http.JsonContentType;
import dev.sessionkit.host.http.JsonAnswers;
import dev.sessionkit.host.http.RequestBody;
import dev.sessionkit.host.http.RequestViews;
import dev.sessionkit.host.users.Role;
import dev.sessionkit.host.users.User;
import dev.sessionkit.host.users.UserAccounts;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The flow routes.
 *
 * <ul>
 *   <li>{@code GET|POST|PUT|PATCH|DELETE /run/{appId}/{flow path}}: runs the flow whose REST trigger matches the
 *       method and the path (path parameters become {@code request.params.*}). A trigger with auth JWT needs a valid
 *       token (401). A body must be declared as one of the trigger's {@code contentTypes} (JSON by default; 415
 *       otherwise, {@link JsonContentType}). The JSON body is the message (an empty body is {@code {}}; over the
 *       flow's body limit it is {@code 413 FLOW_BODY_TOO_LARGE}); the final message is the 200 answer, with the header
 *       {@code X-Execution-Id}. A failing step answers its own status with an error naming the flow, the step and the
 *       method; over the flow's timeout it is {@code 504 FLOW_TIMEOUT}; {@code 404 FLOW_NOT_FOUND} when no trigger
 *       matches.</li>
 *   <li>{@code POST /api/apps/{appId}/flows/{flowId}/test} (admin or builder)
 *       {@code {"message"?, "asUser"?, "headers"?, "query"?, "params"?}}: runs the flow as the caller, or as the
 *       user {@code asUser} names (its id), and answers 200 {@code {"executionId", "status", "response", "trace",
 *       "session": {"local", "global"}, ...}} whatever the flow's outcome.</li>
 *   <li>{@code GET /api/apps/{appId}/flows/{flowId}/executions} (admin or builder): the flow's last executions,
 *       newest first, in the same form without {@code session} ({@code "detail": "FULL"}) for an admin and for the
 *       executions the calling builder ran; for the others a summary ({@code "detail": "SUMMARY"}: status, timings
 *       and error codes, see {@link ExecutionResult#toSummaryJson}).</li>
 *   <li>{@code GET /api/apps/{appId}/flows/{flowId}/executions/{executionId}} (admin or builder): one of them, such
 *       as the one a trigger's {@code X-Execution-Id} names; {@code 404 EXECUTION_NOT_FOUND} once it left the
 *       history. Shown in full or as a summary as in the list.</li>
 * </ul>
 */
public final class FlowRoutes {
    private final FlowCatalog catalog;
    private final FlowRunner runner;
    private final ExecutionHistory history;
    private final UserAccounts accounts;
    private final ObjectMapper mapper;

    /**
     * @param catalog  the apps' flows
     * @param runner   runs them
     * @param history  their last executions
     * @param accounts the users (for {@code asUser})
     * @param mapper   the host's mapper
     */
    public FlowRoutes(FlowCatalog catalog, FlowRunner runner, ExecutionHistory history, UserAccounts accounts,
                      ObjectMapper mapper) {
        this.catalog = catalog;
        this.runner = runner;
        this.history = history;
        this.accounts = accounts;
        this.mapper = mapper;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        for (String path : new String[] {"/run/{appId}", "/run/{appId}/<path>"}) {
            routes.get(path, this::run);
            routes.post(path, this::run);
            routes.put(path, this::run);
            routes.patch(path, this::run);
            routes.delete(path, this::run);
        }
        routes.post("/api/apps/{appId}/flows/{flowId}/test", this::test);
        routes.get("/api/apps/{appId}/flows/{flowId}/executions", this::executions);
        routes.get("/api/apps/{appId}/flows/{flowId}/executions/{executionId}", this::execution);
    }

    private void run(Context ctx) {
        AppFlows flows = catalog.of(ctx.pathParam("appId"));
        String path = "/" + ctx.pathParamMap().getOrDefault("path", "");
        AppFlows.Match match = flows.match(ctx.method().name(), path);
        Flow flow = match.flow();
        Optional<Caller> caller = flow.trigger().auth() == TriggerAuth.JWT
                ? Optional.of(Access.signedIn(ctx)) : Access.caller(ctx);
        Optional<UserIdentity> user = caller.map(Caller::user);
        JsonContentType.check(ctx, flow.trigger().contentTypes());
        ObjectNode message = readMessage(ctx, flow);
        RequestView request = flow.readsRequest() ? RequestViews.of(ctx, match.params()) : RequestView.EMPTY;
        ExecutionResult result = runner.run(new FlowRequest(flows.app(), flow, user, caller,
                user.map(UserIdentity::id).orElse(null), message, request, false, ctx.ip()));
        ctx.header("X-Execution-Id", result.executionId());
        if (result.error() != null) {
            fail(ctx, result);
            return;
        }
        JsonAnswers.send(ctx, mapper, result.response());
    }

    /**
     * Answers a failed execution's error. Its message and details never show a secret value the execution handled
     * (a step refusing a value quotes it), so they pass through the execution's {@link SecretValues} first.
     */
    private void fail(Context ctx, ExecutionResult result) {
        SessionkitException error = result.error();
        SecretValues secrets = result.secrets();
        if (secrets.isEmpty()) throw error;
        ErrorMapper.answer(ctx, error, secrets.redact(TextNode.valueOf(error.getMessage())).textValue(),
                secrets.redact(mapper.valueToTree(error.details())));
    }

    private void test(Context ctx) {
        Caller caller = Access.withRole(ctx, Role.ADMIN, Role.BUILDER);
        AppFlows flows = catalog.of(ctx.pathParam("appId"));
        Flow flow = flows.require(ctx.pathParam("flowId"));
        RequestBody body = RequestBody.read(ctx, mapper, true)
                .allowOnly("message", "asUser", "headers", "query", "params");
        JsonNode message = body.optional("message").orElseGet(mapper::createObjectNode);
        if (!message.isObject()) {
            throw new InvalidInputException("INVALID_MESSAGE", "'message' must be a JSON object (the request body "
                    + "the flow receives), or left out.", Map.of("field", "message"));
        }
        Optional<String> asUser = body.optionalString("asUser").filter(id -> !id.equals(caller.user().id()));
        if (asUser.isPresent() && caller.role() != Role.ADMIN) {
            throw new ForbiddenException("AS_USER_NEEDS_ADMIN", "Running a flow as another user reads and writes that "
                    + "user's GLOBAL session, so only an admin may do it. Leave 'asUser' out to run as yourself, or "
                    + "ask an admin.", Map.of("field", "asUser", "role", caller.role().id()));
        }
        UserIdentity user = asUser.map(this::testUser).orElse(caller.user());
        RequestView request = RequestViews.of(ctx, strings(body, "headers"), strings(body, "query"),
                strings(body, "params"));
        ExecutionResult result = runner.run(new FlowRequest(flows.app(), flow, Optional.of(user), Optional.empty(),
                caller.user().id(), (ObjectNode) message, request, true, ctx.ip()));
        ctx.json(result.toJson(mapper));
    }

    private void executions(Context ctx) {
        Caller caller = Access.withRole(ctx, Role.ADMIN, Role.BUILDER);
        String appId = ctx.pathParam("appId");
        Flow flow = catalog.of(appId).require(ctx.pathParam("flowId"));
        ArrayNode list = mapper.createArrayNode();
        history.recent(appId, flow.id()).forEach(result -> list.add(view(result, caller)));
        ctx.json(list);
    }

    /**
     * An execution as {@code caller} may see it: in full (secret values hidden) for an admin and for the user who ran
     * it; otherwise only its status, timings and error codes, since its message, response, inputs, outputs and
     * sessions are another user's data.
     */
    private ObjectNode view(RecordedExecution result, Caller caller) {
        boolean full = caller.role() == Role.ADMIN || caller.user().id().equals(result.runBy());
        return full ? result.toJson(mapper) : result.toSummaryJson(mapper);
    }

    private void execution(Context ctx) {
        Caller caller = Access.withRole(ctx, Role.ADMIN, Role.BUILDER);
        String appId = ctx.pathParam("appId");
        Flow flow = catalog.of(appId).require(ctx.pathParam("flowId"));
        String executionId = ctx.pathParam("executionId");
        RecordedExecution found = history.recent(appId, flow.id()).stream()
                .filter(result -> result.executionId().equals(executionId)).findFirst()
                .orElseThrow(() -> new NotFoundException("EXECUTION_NOT_FOUND", "Execution '" + executionId + "' of "
                        + "flow '" + flow.id() + "' is not in the history, which keeps the last "
                        + ExecutionHistory.DEFAULT_PER_FLOW + " executions of each flow. Run the flow again to see "
                        + "a new one.",
                        Map.of("appId", appId, "flowId", flow.id(), "executionId", executionId)));
        ctx.json(view(found, caller));
    }

    private UserIdentity testUser(String userId) {
        return accounts.byId(userId).map(User::identity).orElseThrow(() -> new NotFoundException("USER_NOT_FOUND",
                "There is no user '" + userId + "' to run the flow as. 'asUser' takes a user id from GET /api/users.",
                Map.of("field", "asUser", "userId", userId)));
    }

    private static Map<String, String> strings(RequestBody body, String field) {
        Map<String, String> values = new LinkedHashMap<>();
        Optional<JsonNode> given = body.optional(field);
        if (given.isEmpty()) return values;
        if (!given.get().isObject()) {
            throw new InvalidInputException("INVALID_INPUT", "'" + field + "' must be an object of strings.",
                    Map.of("field", field));
        }
        for (Map.Entry<String, JsonNode> entry : given.get().properties()) {
            if (!entry.getValue().isTextual()) {
                throw new InvalidInputException("INVALID_INPUT", "'" + field + "." + entry.getKey() + "' must be a "
                        + "string.", Map.of("field", field + "." + entry.getKey()));
            }
            values.put(entry.getKey(), entry.getValue().textValue());
        }
        return values;
    }

    /** Reads the body under the flow's own limit (not the host's), so a flow may accept more than other routes. */
    private ObjectNode readMessage(Context ctx, Flow flow) {
        byte[] bytes = RequestBody.bytes(ctx, flow.maxBodyBytes(), () -> tooLarge(flow));
        return RequestBody.parse(bytes, mapper, true).json();
    }

    private static PayloadTooLargeException tooLarge(Flow flow) {
        return new PayloadTooLargeException("FLOW_BODY_TOO_LARGE", "The request body is larger than flow '"
                + flow.id() + "' accepts (" + flow.maxBodyBytes() + " bytes). Send less, or raise the flow's "
                + "maxBodyBytes.", Map.of("flowId", flow.id(), "limit", flow.maxBodyBytes()));
    }
}
