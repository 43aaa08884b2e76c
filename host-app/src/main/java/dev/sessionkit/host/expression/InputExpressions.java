package dev.sessionkit.host.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.ValueType;
import dev.sessionkit.api.descriptor.InputValidator;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A method's configured inputs with every EXPRESSION value parsed once, ready to be evaluated at each call before the
 * inputs are validated. A flow step compiles its inputs when the app is loaded; a direct call compiles the inputs it
 * was sent.
 *
 * <p>A value is an expression when it sits in an object holding {@code "valueType": "EXPRESSION"} and a textual
 * {@code "value"} (a parameter row of Set Parameters, for example): its {@code value} is replaced by the template's
 * result. An object holding exactly the two fields {@code valueType} ({@code STATIC} or {@code EXPRESSION}) and
 * {@code value} is a <em>value holder</em>, the Input Configuration of one plain input such as
 * {@code "token": {"valueType": "EXPRESSION", "value": "{{ message.token }}"}}: it is replaced by its value (the
 * template's result for EXPRESSION, the literal for STATIC). Everything else is kept as it is.
 *
 * <p>{@link #resolve} builds new objects and arrays only where something was evaluated or replaced; parts without
 * expressions are the configured nodes themselves, and inputs without any are returned as they are. The configured
 * inputs are never modified, and nobody may modify what {@link #resolve} returns (see
 * {@link dev.sessionkit.api.PluginMethod#invoke}).
 *
 * <p>{@link #validate} checks the resolved inputs against a method's descriptor; for inputs compiled
 * {@linkplain #compileForReuse for reuse} and without expressions, once per descriptor (a plugin update brings a new
 * descriptor), each call getting a copy.
 *
 * <p>Thread-safe once compiled (the configured inputs must not change afterwards); the only state that changes is
 * that cache, replaced atomically.
 */
public final class InputExpressions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode configured;
    private final Part root;
    private final boolean readsRequest;
    private final boolean reused;
    /** The validated inputs of the last descriptor, for inputs without expressions; null until first validated. */
    private volatile Validated validated;

    private InputExpressions(JsonNode configured, Part root, boolean readsRequest, boolean reused) {
        this.configured = configured;
        this.root = root;
        this.readsRequest = readsRequest;
        this.reused = reused;
    }

    /**
     * Parses every expression value of {@code inputs}.
     *
     * @param inputs the configured inputs (any JSON; null stands for none)
     * @return the compiled inputs
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code EXPRESSION_SYNTAX} for the first template that
     *                                                        does not parse
     */
    public static InputExpressions compile(JsonNode inputs) {
        return compile(inputs, false);
    }

    /**
     * Parses every expression value of inputs that will be used for many calls (a flow step's): {@link #validate}
     * then validates inputs without expressions once per descriptor and hands each call a copy.
     *
     * @param inputs the configured inputs (any JSON; null stands for none)
     * @return the compiled inputs
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code EXPRESSION_SYNTAX} for the first template that
     *                                                        does not parse
     */
    public static InputExpressions compileForReuse(JsonNode inputs) {
        return compile(inputs, true);
    }

    private static InputExpressions compile(JsonNode inputs, boolean reused) {
        if (inputs == null || !holdsExpressionOrHolder(inputs)) {
            return new InputExpressions(inputs, new Fixed(inputs), false, reused); // nothing to build
        }
        List<Template> templates = new ArrayList<>();
        Part root = compile(inputs, templates);
        boolean readsRequest = templates.stream()
                .anyMatch(template -> template.paths().stream().anyMatch(path -> path.root().equals("request")));
        return new InputExpressions(inputs, root, readsRequest, reused);
    }

    /**
     * Evaluates the expressions.
     *
     * @param scope where the templates' paths are looked up
     * @return the inputs with every expression value evaluated and every value holder replaced; the configured inputs
     *         themselves (possibly null) when they hold neither
     */
    public JsonNode resolve(ExpressionScope scope) {
        return root.resolve(scope);
    }

    /**
     * Resolves the expressions, then validates the result against a method's descriptor
     * ({@link InputValidator#validate}).
     *
     * @param descriptor the method's descriptor
     * @param scope      where the templates' paths are looked up
     * @return the validated inputs, coerced, with defaults applied; a tree of the caller's own: for inputs compiled
     *         once per call, parts of the inputs the call was sent (nobody else holds them); for inputs compiled
     *         for reuse, a copy, so a method that breaks the rule and modifies it harms neither the configuration
     *         nor another call
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} listing every violation
     */
    public ObjectNode validate(MethodDescriptor descriptor, ExpressionScope scope) {
        if (!reused) {
            return InputValidator.validate(descriptor, resolve(scope));
        }
        if (!(root instanceof Fixed fixed)) {
            // Parts without expressions are the configured nodes, which the validator hands back when they are normal.
            return InputValidator.validate(descriptor, resolve(scope)).deepCopy();
        }
        Validated last = validated;
        if (last == null || last.descriptor() != descriptor) {
            // The fixed node, not the configuration: a top-level value holder is validated unwrapped.
            last = new Validated(descriptor, InputValidator.validate(descriptor, fixed.node()));
            validated = last;
        }
        return last.inputs().deepCopy();
    }

    /** @return whether an expression reads {@code request.*} (when none does, the request need not be copied) */
    public boolean readsRequest() {
        return readsRequest;
    }

    /** @return the configured inputs, as compiled (may be null) */
    public JsonNode configured() {
        return configured;
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

    private static Part compile(JsonNode node, List<Template> templates) {
        if (isValueHolder(node)) {
            JsonNode value = node.get("value");
            return isExpressionValue(node) ? evaluated(value, templates) : new Fixed(value);
        }
        if (node.isObject()) {
            boolean expression = isExpressionValue(node);
            List<Map.Entry<String, Part>> fields = new ArrayList<>(node.size());
            boolean changed = false;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                Part part = expression && field.getKey().equals("value") ? evaluated(field.getValue(), templates)
                        : compile(field.getValue(), templates);
                changed |= !part.isSame(field.getValue());
                fields.add(Map.entry(field.getKey(), part));
            }
            return changed ? new ObjectPart(List.copyOf(fields)) : new Fixed(node);
        }
        if (node.isArray()) {
            List<Part> elements = new ArrayList<>(node.size());
            boolean changed = false;
            for (JsonNode element : node) {
                Part part = compile(element, templates);
                changed |= !part.isSame(element);
                elements.add(part);
            }
            return changed ? new ArrayPart(List.copyOf(elements)) : new Fixed(node);
        }
        return new Fixed(node);
    }

    private static boolean holdsExpressionOrHolder(JsonNode node) {
        if (!node.isContainerNode()) return false;
        Finder finder = new Finder();
        finder.accept(null, node);
        return finder.found;
    }

    /**
     * Looks for an expression value or a value holder anywhere in a tree, without the iterator per object and array
     * that a for-each loop over Jackson nodes allocates: a direct call's inputs are searched at every call.
     */
    private static final class Finder implements BiConsumer<String, JsonNode> {
        private boolean found;

        @Override
        public void accept(String name, JsonNode node) {
            if (found || !node.isContainerNode()) return;
            // Both forms hold a valueType: an object without one is looked at no further (one lookup, not four).
            if (node.has("valueType") && (isExpressionValue(node) || isValueHolder(node))) {
                found = true;
            } else if (node instanceof ObjectNode object) {
                object.forEachEntry(this);
            } else {
                for (int i = 0; i < node.size() && !found; i++) accept(null, node.get(i));
            }
        }
    }

    private static Part evaluated(JsonNode source, List<Template> templates) {
        Template template = Template.parse(source.textValue());
        templates.add(template);
        return new Evaluated(template);
    }

    /** Inputs validated against one descriptor. */
    private record Validated(MethodDescriptor descriptor, ObjectNode inputs) {
    }

    /** One node of the compiled inputs. */
    private sealed interface Part {
        JsonNode resolve(ExpressionScope scope);

        /** @return whether this part always resolves to {@code node} itself */
        default boolean isSame(JsonNode node) {
            return false;
        }
    }

    /** A configured node used as it is. */
    private record Fixed(JsonNode node) implements Part {
        @Override
        public JsonNode resolve(ExpressionScope scope) {
            return node;
        }

        @Override
        public boolean isSame(JsonNode other) {
            return node == other;
        }
    }

    /** A template evaluated at each call. */
    private record Evaluated(Template template) implements Part {
        @Override
        public JsonNode resolve(ExpressionScope scope) {
            return template.evaluate(scope);
        }
    }

    /** An object with something to evaluate or replace below it: rebuilt at each call, in the configured order. */
    private record ObjectPart(List<Map.Entry<String, Part>> fields) implements Part {
        @Override
        public JsonNode resolve(ExpressionScope scope) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<String, Part> field : fields) {
                object.set(field.getKey(), field.getValue().resolve(scope));
            }
            return object;
        }
    }

    /** An array with something to evaluate or replace below it: rebuilt at each call. */
    private record ArrayPart(List<Part> elements) implements Part {
        @Override
        public JsonNode resolve(ExpressionScope scope) {
            ArrayNode array = NODES.arrayNode(elements.size());
            for (Part element : elements) {
                array.add(element.resolve(scope));
            }
            return array;
        }
    }
}
