package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret values one execution has handled, so that what admins and builders see of it (the execution history, the
 * editor's test panel) hides them wherever they travelled: {@link Redaction} hides secrets where a step declares them
 * (a secret input, a secret parameter row, the secret parameters a method read), but a secret copied into the message
 * by an expression or an output target, read by an expression, or carried in a For Each or Parallel result, is only
 * recognisable by its value.
 *
 * <p>Values are compared by their text: a secret {@code "12345678"} also hides the number {@code 12345678}.
 * {@link #redact} replaces every text or number whose text equals a secret value by {@code "***"}, and, inside longer
 * texts, every occurrence of a secret of {@value #MIN_SUBSTRING_CHARS} characters or more (longest first; shorter
 * ones would mangle ordinary words). Empty texts, booleans and nulls are never secret values, nor are texts and
 * numbers shorter than that inside a secret object or array.
 *
 * <p>Thread-safe (Parallel branches add values concurrently). An execution without secrets allocates nothing here.
 */
public final class SecretValues {
    /** Secrets at least this long are also hidden where they occur inside a longer text. */
    static final int MIN_SUBSTRING_CHARS = 4;

    private volatile Set<String> values;
    /** The secrets hidden inside texts, longest first, sorted when {@link #values} held {@code count} of them. */
    private volatile Inside inside = new Inside(0, List.of());

    /** Creates an empty collection. */
    SecretValues() {
    }

    /**
     * Adds a secret value. For an object or array, each text and number inside it whose text has at least
     * {@value #MIN_SUBSTRING_CHARS} characters: a secret object's {@code "retries": 1} must not hide every 1.
     *
     * @param value a secret value, may be null (ignored)
     */
    void add(JsonNode value) {
        add(value, 1);
    }

    private void add(JsonNode value, int minChars) {
        if (value == null) return;
        if (value.isContainerNode()) {
            for (JsonNode element : value) add(element, MIN_SUBSTRING_CHARS);
        } else if (value.isNumber() || value.isTextual()) {
            String text = value.asText();
            if (text.length() >= minChars) set().add(text);
        }
    }

    /** @return whether no secret value was added */
    boolean isEmpty() {
        return values == null;
    }

    /**
     * @param node a JSON value, may be null; never modified
     * @return the node with every secret value hidden: the same instance when it holds none, else a copy
     */
    JsonNode redact(JsonNode node) {
        Set<String> secrets = values;
        if (node == null || secrets == null) return node;
        return redact(node, secrets, inside(secrets));
    }

    /** @return the secrets to hide inside texts, longest first; sorted again only when secrets were added */
    private List<String> inside(Set<String> secrets) {
        Inside current = inside;
        int count = secrets.size(); // values are only added, so an equal count means the same values
        if (current.count() == count) return current.sorted();
        List<String> sorted = new ArrayList<>();
        for (String secret : secrets) {
            if (secret.length() >= MIN_SUBSTRING_CHARS) sorted.add(secret);
        }
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        inside = new Inside(count, List.copyOf(sorted));
        return sorted;
    }

    /** A sorted list with the number of values it was made from, published together. */
    private record Inside(int count, List<String> sorted) {
    }

    private static JsonNode redact(JsonNode node, Set<String> secrets, List<String> inside) {
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode hidden = redact(field.getValue(), secrets, inside);
                if (hidden != field.getValue()) {
                    if (copy == null) copy = ((ObjectNode) node).deepCopy();
                    copy.set(field.getKey(), hidden);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode hidden = redact(node.get(i), secrets, inside);
                if (hidden != node.get(i)) {
                    if (copy == null) copy = ((ArrayNode) node).deepCopy();
                    copy.set(i, hidden);
                }
            }
            return copy == null ? node : copy;
        }
        if (!node.isTextual() && !node.isNumber()) return node;
        if (secrets.contains(node.asText())) return Redaction.HIDDEN;
        return node.isTextual() ? redactInside(node, inside) : node;
    }

    private static JsonNode redactInside(JsonNode text, List<String> inside) {
        String value = text.textValue();
        String hidden = value;
        for (String secret : inside) {
            if (hidden.contains(secret)) hidden = hidden.replace(secret, Redaction.HIDDEN.textValue());
        }
        return hidden.equals(value) ? text : TextNode.valueOf(hidden);
    }

    private Set<String> set() {
        Set<String> current = values;
        if (current != null) return current;
        synchronized (this) {
            if (values == null) values = ConcurrentHashMap.newKeySet();
            return values;
        }
    }
}
