package dev.sessionkit.host.expression;

import java.util.List;

/**
 * One {@code {{ }}} expression: a root and its segments, for example {@code message.items[0].sku} is
 * {@code [message, items, 0, sku]}. Array indexes are kept as their decimal text.
 *
 * @param segments the root first, then each name or index; at least one element
 */
public record Path(List<String> segments) {
    /** Copies the list. */
    public Path {
        segments = List.copyOf(segments);
    }

    /** The root: message, session, user, request, item or index. @return the first segment */
    public String root() {
        return segments.get(0);
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
