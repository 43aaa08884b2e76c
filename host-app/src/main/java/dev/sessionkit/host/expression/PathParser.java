package dev.sessionkit.host.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses the inside of one {@code {{ }}}: a path of names, {@code [index]} and {@code ['key']} segments. */
final class PathParser {
    /** The roots an expression may start with. */
    static final Set<String> ROOTS = Set.of("message", "session", "user", "request", "item", "index");

    private final String source;
    private final int end;
    private int position;

    private PathParser(String source, int start, int end) {
        this.source = source;
        this.position = start;
        this.end = end;
    }

    static Path parse(String source, int start, int end) {
        return new PathParser(source, start, end).path();
    }

    private Path path() {
        skipSpaces();
        if (position >= end) {
            throw Template.syntax(source, position, "an expression between '{{' and '}}' is empty.");
        }
        List<String> segments = new ArrayList<>();
        String root = name();
        if (!ROOTS.contains(root)) {
            throw Template.syntax(source, position - root.length(), "'" + root + "' is not a known root; use one of "
                    + String.join(", ", new java.util.TreeSet<>(ROOTS)) + ".");
        }
        segments.add(root);
        while (true) {
            skipSpaces();
            if (position >= end) break;
            char c = source.charAt(position);
            if (c == '.') {
                position++;
                segments.add(name());
            } else if (c == '[') {
                position++;
                segments.add(bracket());
            } else {
                throw Template.syntax(source, position, "unexpected '" + c + "' at position " + position
                        + "; expressions are paths only (no operators or calls).");
            }
        }
        return new Path(segments);
    }

    private String name() {
        int start = position;
        while (position < end && isNameChar(source.charAt(position))) position++;
        if (start == position) {
            throw Template.syntax(source, position, "a name is expected at position " + position + ".");
        }
        return source.substring(start, position);
    }

    private String bracket() {
        skipSpaces();
        if (position >= end) throw Template.syntax(source, position, "'[' is never closed.");
        char c = source.charAt(position);
        String segment;
        if (c == '\'' || c == '"') {
            int close = source.indexOf(c, position + 1);
            if (close < 0 || close >= end) throw Template.syntax(source, position, "a quoted key is never closed.");
            segment = source.substring(position + 1, close);
            position = close + 1;
        } else {
            int start = position;
            while (position < end && Character.isDigit(source.charAt(position))) position++;
            if (start == position) {
                throw Template.syntax(source, position, "'[' must hold an index such as [0] or a quoted key such as ['a-b'].");
            }
            segment = source.substring(start, position);
        }
        skipSpaces();
        if (position >= end || source.charAt(position) != ']') {
            throw Template.syntax(source, position, "']' is expected at position " + position + ".");
        }
        position++;
        return segment;
    }

    private void skipSpaces() {
        while (position < end && Character.isWhitespace(source.charAt(position))) position++;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
    }
}
