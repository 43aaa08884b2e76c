package dev.sessionkit.host.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.session.SessionRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link ExpressionScope} of one execution:
 * <ul>
 *   <li>{@code message.*}: the current message;</li>
 *   <li>{@code session.local.<name>...} and {@code session.global.<name>...}: parameters of the execution's LOCAL
 *       session and of the caller's GLOBAL session (read on lookup; {@code session.global} without a signed-in user is
 *       a 401, never an anonymous bucket);</li>
 *   <li>{@code user.id}, {@code user.username}, {@code user.roleId}: the verified user (null when anonymous);</li>
 *   <li>{@code request.headers.*}, {@code request.query.*}, {@code request.params.*}: see {@link RequestView};</li>
 *   <li>{@code item}, {@code index}: the current element inside For Each (null elsewhere).</li>
 * </ul>
 * A flow's scope also reports each value it reads of a parameter marked secret ({@code secretRead}: the part the
 * path reached), so what the history shows of the execution can hide it wherever the expression put it.
 *
 * <p>One scope serves one step (or one direct call): its templates share one {@link RenderBudget}. Confined to its
 * execution's thread.
 */
public final class ExecutionExpressionScope implements ExpressionScope {
    private final ExecutionContext context;
    private final RequestView request;
    private final JsonNode item;
    private final Integer index;
    private final Consumer<JsonNode> secretRead;
    private final RenderLimits limits;
    /** Made when a template first renders: most direct calls have none. */
    private RenderBudget budget;

    /**
     * @param context    the execution (message, user, sessions)
     * @param request    the HTTP request, or {@link RequestView#EMPTY}
     * @param item       the For Each element, or null
     * @param index      the For Each index, or null
     * @param secretRead gets each value read of a session parameter marked secret, or null when nobody needs them
     * @param limits     what the templates evaluated in this scope may render together
     */
    public ExecutionExpressionScope(ExecutionContext context, RequestView request, JsonNode item, Integer index,
                                    Consumer<JsonNode> secretRead, RenderLimits limits) {
        this.context = context;
        this.request = request;
        this.item = item;
        this.index = index;
        this.secretRead = secretRead;
        this.limits = limits;
    }

    /**
     * @param context the execution
     * @param request the HTTP request
     * @param limits  what its templates may render together
     * @return a scope outside any For Each
     */
    public static ExecutionExpressionScope of(ExecutionContext context, RequestView request, RenderLimits limits) {
        return new ExecutionExpressionScope(context, request, null, null, null, limits);
    }

    @Override
    public RenderBudget renderBudget() {
        if (budget == null) budget = new RenderBudget(limits);
        return budget;
    }

    @Override
    public JsonNode lookup(List<String> path) {
        return switch (path.get(0)) {
            case "message" -> ExpressionScope.walk(context.message(), path, 1);
            case "session" -> session(path);
            case "user" -> user(path);
            case "request" -> request(path);
            case "item" -> ExpressionScope.walk(item, path, 1);
            case "index" -> path.size() == 1 && index != null ? JsonNodeFactory.instance.numberNode(index) : null;
            default -> null;
        };
    }

    private JsonNode session(List<String> path) {
        if (path.size() < 3) return null;
        SessionRef ref = switch (path.get(1)) {
            case "local" -> context.localSession();
            case "global" -> context.globalSession();
            default -> null;
        };
        if (ref == null) return null;
        String name = path.get(2);
        JsonNode value = context.sessions().get(ref, List.of(name)).get(name);
        JsonNode read = ExpressionScope.walk(value, path, 3);
        if (read != null && secretRead != null
                && context.sessions().info(ref).map(info -> info.secretNames().contains(name)).orElse(false)) {
            secretRead.accept(read); // the part the expression read, not the whole parameter
        }
        return read;
    }

    private JsonNode user(List<String> path) {
        Optional<UserIdentity> user = context.user();
        if (user.isEmpty() || path.size() != 2) return null;
        return switch (path.get(1)) {
            case "id" -> TextNode.valueOf(user.get().id());
            case "username" -> TextNode.valueOf(user.get().username());
            case "roleId" -> TextNode.valueOf(user.get().roleId());
            default -> null;
        };
    }

    private JsonNode request(List<String> path) {
        if (path.size() != 3) return null;
        Map<String, String> values = switch (path.get(1)) {
            case "headers" -> request.headers();
            case "query" -> request.query();
            case "params" -> request.params();
            default -> Map.of();
        };
        String key = path.get(1).equals("headers") ? path.get(2).toLowerCase(java.util.Locale.ROOT) : path.get(2);
        String value = values.get(key);
        return value == null ? null : TextNode.valueOf(value);
    }
}
