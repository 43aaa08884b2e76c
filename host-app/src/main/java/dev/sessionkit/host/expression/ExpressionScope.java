package dev.sessionkit.host.expression;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where a {@link Template}'s paths are looked up: the execution (message, sessions, user, request, For Each item).
 *
 * <p>Implementations may read session data lazily, on lookup.
 */
public interface ExpressionScope {

    /**
     * The value at a path.
     *
     * @param path the root first ({@code message}, {@code session}, {@code user}, {@code request}, {@code item},
     *             {@code index}), then names and array indexes
     * @return the value, or null / a missing node when the path leads nowhere
     * @throws dev.sessionkit.api.error.UnauthorizedException for {@code session.global} without a signed-in user
     */
    JsonNode lookup(List<String> path);

    /**
     * What templates evaluated in this scope may still render. An execution's scope keeps one budget for all its
     * templates under the host's limits; this default gives each call a new budget under
     * {@link RenderLimits#DEFAULTS}, so every template is still capped.
     *
     * @return the budget, confined to this scope's thread
     */
    default RenderBudget renderBudget() {
        return new RenderBudget(RenderLimits.DEFAULTS);
    }

    /**
     * Walks {@code segments} from {@code from} into {@code node}: object fields by name, array elements by index.
     *
     * @param node     the start, may be null
     * @param segments the path
     * @param from     the first segment to use
     * @return the value reached, or null
     */
    static JsonNode walk(JsonNode node, List<String> segments, int from) {
        JsonNode current = node;
        for (int i = from; i < segments.size() && current != null; i++) {
            String segment = segments.get(i);
            if (current.isArray()) {
                current = isIndex(segment) ? current.get(Integer.parseInt(segment)) : null;
            } else if (current.isObject()) {
                current = current.get(segment);
            } else {
                current = null;
            }
        }
        return current;
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.length() < 10 && segment.chars().allMatch(Character::isDigit);
    }
}
