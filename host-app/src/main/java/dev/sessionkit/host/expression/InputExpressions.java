package dev.sessionkit.host.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.ValueType;
import java.util.Map;

/**
 * Evaluates the EXPRESSION values in a method's inputs before they are validated.
 *
 * <p>A value is an expression when it sits in an object holding {@code "valueType": "EXPRESSION"} and a textual
 * {@code "value"} (a parameter row of Set Parameters, for example): its {@code value} is replaced by the template's
 * result. An object holding exactly the two fields {@code valueType} ({@code STATIC} or {@code EXPRESSION}) and
 * {@code value} is a <em>value holder</em>, the Input Configuration of one plain input such as
 * {@code "token": {"valueType": "EXPRESSION", "value": "{{ message.token }}"}}: it is replaced by its value (the
 * template's result for EXPRESSION, the literal for STATIC). Everything else is copied as it is. The argument is never
 * modified.
 *
 * <p>Stateless and thread-safe.
 */
public final class InputExpressions {
    private InputExpressions() {
    }

    /**
     * @param inputs the configured inputs (any JSON; null stays null)
     * @param scope  where the templates' paths are looked up
     * @return a copy with every expression value evaluated
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code EXPRESSION_SYNTAX} for a template that does
     *                                                        not parse
     */
    public static JsonNode resolve(JsonNode inputs, ExpressionScope scope) {
        if (inputs == null || !containsExpression(inputs)) return inputs;
        return resolveNode(inputs, scope);
    }

    /**
     * Parses every expression value without evaluating it, so a definition can be checked when it is saved.
     *
     * @param inputs the configured inputs
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code EXPRESSION_SYNTAX} for the first template that
     *                                                        does not parse
     */
    public static void check(JsonNode inputs) {
        if (inputs == null) return;
        if (isExpressionValue(inputs)) {
            Template.parse(inputs.get("value").textValue());
        }
        for (JsonNode child : inputs) {
            check(child);
        }
    }

    /**
     * Whether a node is a value holder: an object with exactly {@code valueType} (STATIC or EXPRESSION) and
     * {@code value}.
     *
     * @param node any node
     * @return true for a value holder
     */
    public static boolean isValueHolder(JsonNode node) {
        if (!node.isObject() || node.size() != 2 || !node.has("value")) return false;
        JsonNode valueType = node.get("valueType");
        return valueType != null && valueType.isTextual()
                && (valueType.textValue().equalsIgnoreCase(ValueType.EXPRESSION.name())
                || valueType.textValue().equalsIgnoreCase(ValueType.STATIC.name()));
    }

    private static JsonNode resolveNode(JsonNode node, ExpressionScope scope) {
        if (isValueHolder(node)) {
            JsonNode value = node.get("value");
            return isExpressionValue(node) ? Template.parse(value.textValue()).evaluate(scope) : value;
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            boolean expression = isExpressionValue(node);
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (expression && field.getKey().equals("value")) {
                    copy.set("value", Template.parse(field.getValue().textValue()).evaluate(scope));
                } else {
                    copy.set(field.getKey(), resolveNode(field.getValue(), scope));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode(node.size());
            for (JsonNode element : node) copy.add(resolveNode(element, scope));
            return copy;
        }
        return node;
    }

    private static boolean containsExpression(JsonNode node) {
        if (isExpressionValue(node) || isValueHolder(node)) return true;
        for (JsonNode child : node) {
            if (containsExpression(child)) return true;
        }
        return false;
    }

    /**
     * Whether a node is an object holding {@code "valueType": "EXPRESSION"} and a textual {@code "value"}.
     *
     * @param node any node
     * @return true when its {@code value} is a template evaluated at run time
     */
    public static boolean isExpressionValue(JsonNode node) {
        if (!node.isObject()) return false;
        JsonNode valueType = node.get("valueType");
        JsonNode value = node.get("value");
        return valueType != null && valueType.isTextual()
                && valueType.textValue().equalsIgnoreCase(ValueType.EXPRESSION.name())
                && value != null && value.isTextual();
    }
}
