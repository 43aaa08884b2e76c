package dev.sessionkit.host.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.auth.Caller;
import dev.sessionkit.host.http.JsonAnswers;
import dev.sessionkit.host.http.RequestBody;
import dev.sessionkit.host.http.RequestViews;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Map;

/**
 * {@code POST /api/apps/{appId}/methods/{methodId}} with {@code {"inputs": {...}, "message": {...}}} (both optional):
 * invokes one method directly in an app, as a one-step execution (see {@link MethodInvoker}).
 *
 * <p>200 {@code {"output", "message", "meta"}}: {@code message} is the method's new message, or the one sent when the
 * method leaves it unchanged; {@code meta} holds the method's own facts plus {@code method}, {@code plugin} and
 * {@code executionId}. Errors: 400 {@code INVALID_INPUT} (with {@code details.violations}), {@code INVALID_MESSAGE},
 * {@code UNKNOWN_FIELD}, {@code INVALID_JSON}, {@code EXPRESSION_SYNTAX}; 401 when the method requires a user or the
 * inputs address GLOBAL without a token; 401 / 403 {@code SHARED_SESSION_FORBIDDEN} for a SHARED session the caller
 * may not read or change ({@link AppSessionStore}); 404 {@code APP_NOT_FOUND}, {@code METHOD_NOT_FOUND}; 429
 * {@code ANONYMOUS_QUOTA_EXCEEDED}; 500 {@code METHOD_FAILED}; and the method's own errors (404 session not found,
 * 409, 413, 507).
 */
public final class MethodRoutes {
    private final MethodInvoker invoker;
    private final ObjectMapper mapper;

    /**
     * @param invoker runs the calls
     * @param mapper  the host's mapper
     */
    public MethodRoutes(MethodInvoker invoker, ObjectMapper mapper) {
        this.invoker = invoker;
        this.mapper = mapper;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/api/apps/{appId}/methods/{methodId}", this::call);
    }

    private void call(Context ctx) {
        RequestBody body = RequestBody.read(ctx, mapper, true).allowOnly("inputs", "message");
        JsonNode message = body.optional("message").orElseGet(mapper::createObjectNode);
        if (!message.isObject()) {
            throw new InvalidInputException("INVALID_MESSAGE", "'message' must be a JSON object (the message the "
                    + "method works on), or left out.", Map.of("field", "message"));
        }
        Optional<Caller> caller = Access.caller(ctx);
        DirectCall call = new DirectCall(ctx.pathParam("appId"), ctx.pathParam("methodId"),
                caller.map(Caller::user), caller, body.optional("inputs").orElse(null), (ObjectNode) message,
                () -> RequestViews.of(ctx, Map.of()), ctx.ip());
        CallResult outcome = invoker.invoke(call);
        MethodResult result = outcome.result();

        Map<String, Object> meta = new LinkedHashMap<>(result.meta());
        meta.put("method", outcome.methodId());
        meta.put("plugin", outcome.pluginId());
        meta.put("executionId", outcome.executionId());
        // Serialized straight from the map: no intermediate tree of the method's meta.
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("output", result.output());
        answer.put("message", result.message() != null ? result.message() : message);
        answer.put("meta", meta);
        JsonAnswers.send(ctx, mapper, answer);
    }
}
