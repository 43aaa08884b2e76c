package dev.sessionkit.host.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed Double Braces template: text with {@code {{ path }}} expressions, such as {@code "{{ message.sku }}"} or
 * {@code "Hello {{ user.username }}!"}.
 *
 * <p>An expression is a path only — a root ({@code message}, {@code session}, {@code user}, {@code request},
 * {@code item}, {@code index}) followed by {@code .name}, {@code [0]} or {@code ['any key']} segments. Nothing is ever
 * executed: there are no calls, operators or code.
 *
 * <p>Evaluation: a template that is exactly one expression (surrounding white space allowed) keeps the referenced
 * value's JSON type; a template that mixes text and expressions is a string, where a missing or null value renders as
 * the empty string, a string as itself and any other value as its JSON text. A path that leads nowhere is JSON null.
 * The text is built under the scope's {@link RenderBudget}: past its {@link RenderLimits}, evaluation stops with
 * {@code 413 EXPRESSION_RESULT_TOO_LARGE} before the oversized text exists.
 *
 * <p>Immutable and thread-safe.
 */
public final class Template {
    private final String source;
    private final List<Object> parts; // String literals and Path expressions
    private final boolean single;

    private Template(String source, List<Object> parts, boolean single) {
        this.source = source;
        this.parts = List.copyOf(parts);
        this.single = single;
    }

    /**
     * Parses a template.
     *
     * @param source the template text, not null
     * @return the template
     * @throws InvalidInputException code {@code EXPRESSION_SYNTAX} with details {@code expression}, {@code position}
     */
    public static Template parse(String source) {
        List<Object> parts = new ArrayList<>();
        int position = 0;
        while (position < source.length()) {
            int open = source.indexOf("{{", position);
            if (open < 0) {
                parts.add(source.substring(position));
                break;
            }
            if (open > position) {
                parts.add(source.substring(position, open));
            }
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                throw syntax(source, open, "'{{' at position " + open + " is never closed with '}}'.");
            }
            parts.add(PathParser.parse(source, open + 2, close));
            position = close + 2;
        }
        long expressions = parts.stream().filter(Path.class::isInstance).count();
        boolean single = expressions == 1 && parts.stream()
                .allMatch(part -> part instanceof Path || ((String) part).isBlank());
        return new Template(source, parts, single);
    }

    /**
     * Whether a text holds at least one {@code {{}}} expression.
     *
     * @param text any text
     * @return true if it contains "{{"
     */
    public static boolean looksLikeTemplate(String text) {
        return text.contains("{{");
    }

    /**
     * Evaluates the template.
     *
     * @param scope where paths are looked up
     * @return the value: typed for a single expression, a string otherwise; never Java null
     * @throws dev.sessionkit.api.error.PayloadTooLargeException code {@code EXPRESSION_RESULT_TOO_LARGE} past the
     *                                                           scope's render limits
     */
    public JsonNode evaluate(ExpressionScope scope) {
        if (single) {
            for (Object part : parts) {
                if (part instanceof Path path) return orNull(scope.lookup(path.segments()));
            }
        }
        RenderBudget budget = scope.renderBudget();
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Path path) {
                JsonNode value = orNull(scope.lookup(path.segments()));
                if (value.isTextual()) budget.append(this, text, value.textValue());
                else if (!value.isNull()) budget.append(this, text, value.toString());
            } else {
                budget.append(this, text, (String) part);
            }
        }
        return TextNode.valueOf(text.toString());
    }

    /** The paths this template reads, in order. @return the paths */
    public List<Path> paths() {
        return parts.stream().filter(Path.class::isInstance).map(Path.class::cast).toList();
    }

    /** The source text. @return the source */
    public String source() {
        return source;
    }

    private static JsonNode orNull(JsonNode value) {
        return value == null || value.isMissingNode() ? NullNode.instance : value;
    }

    static InvalidInputException syntax(String source, int position, String problem) {
        return new InvalidInputException("EXPRESSION_SYNTAX", "Invalid expression " + quote(source) + ": " + problem
                + " Write a path such as {{ message.sku }} or {{ session.global.cart['item-1'] }}.",
                Map.of("expression", source, "position", position));
    }

    static String quote(String source) {
        return "'" + shortened(source) + "'";
    }

    /** @param source a template's source @return its first 120 characters, with "..." when it is longer */
    static String shortened(String source) {
        return source.length() > 120 ? source.substring(0, 120) + "..." : source;
    }

    @Override
    public String toString() {
        return source;
    }
}
