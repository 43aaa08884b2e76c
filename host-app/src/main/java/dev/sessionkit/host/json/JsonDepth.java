package dev.sessionkit.host.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How deeply JSON nests: the number of objects and arrays around the deepest value ({@code 1} is 0, {@code {"a": 1}}
 * is 1, {@code [[1]]} is 2), as Jackson's nesting limits count it. Measured without recursion, so a tree of any depth
 * is measured without exhausting the thread's stack. Stateless and thread-safe.
 */
public final class JsonDepth {
    /**
     * The deepest nesting the host accepts: of a request body ({@link Json}'s parser refuses deeper ones), of a
     * message after a step writes into it, and of a session value. Well under Jackson's writing limit (1,000), so
     * every answer that wraps such a value can be written.
     */
    public static final int MAX = 256;

    private JsonDepth() {
    }

    /**
     * @param node  a JSON tree, or null
     * @param limit the deepest nesting allowed
     * @return whether it nests deeper than {@code limit}; the walk stops at the first container past it
     */
    public static boolean exceeds(JsonNode node, int limit) {
        if (node == null || !node.isContainerNode()) return limit < 0;
        Deque<JsonNode> containers = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        containers.push(node);
        depths.push(1);
        while (!containers.isEmpty()) {
            JsonNode container = containers.pop();
            int depth = depths.pop();
            if (depth > limit) return true;
            for (JsonNode child : container) {
                if (child.isContainerNode()) {
                    containers.push(child);
                    depths.push(depth + 1);
                }
            }
        }
        return false;
    }
}
