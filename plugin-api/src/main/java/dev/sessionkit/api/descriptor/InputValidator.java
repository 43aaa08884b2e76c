package dev.sessionkit.api.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a method call's inputs against its {@link MethodDescriptor} and returns them normalized: defaults applied,
 * every value coerced to its declared {@link DataType}.
 *
 * <p>All violations are collected, not just the first: the {@link InvalidInputException} (code
 * {@code INVALID_INPUT}) carries {@code details.violations}, a list of {@code {"field", "code", "message"}} where
 * {@code field} is a path such as {@code parameters[1].value}, so a form can show each message next to its field.
 * Values of secret inputs, and values in rows whose {@code secret} field is true, never appear in messages.
 *
 * <p>Inputs that are already normal (every value of its declared type, no default to add, no JSON null to drop) are
 * returned as they are, not copied: validating a call allocates nothing for them, and their fields keep the order they
 * were given in. A copy, in the declared order, is made only of the objects and arrays in which something changes;
 * unchanged parts of the result are the caller's own nodes. Either way the result must be treated as read-only (see
 * {@link dev.sessionkit.api.PluginMethod#invoke}).
 *
 * <p>Stateless and thread-safe. The argument is never modified.
 */
public final class InputValidator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InputValidator() {
    }

    /**
     * Validates and normalizes {@code inputs}.
     *
     * @param descriptor the method's descriptor, not null
     * @param inputs     the call's inputs; null or JSON null is an empty object
     * @return an object holding every declared input that has a value (given or default), coerced: {@code inputs}
     *         itself when it already is one, else a new object (sharing the parts that did not change)
     * @throws InvalidInputException code {@code INVALID_INPUT} listing every violation
     */
    public static ObjectNode validate(MethodDescriptor descriptor, JsonNode inputs) {
        List<Map<String, Object>> violations = new ArrayList<>();
        ObjectNode result;
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            violations.add(violation("inputs", "NOT_AN_OBJECT",
                    "'inputs' must be a JSON object mapping input ids to values."));
            result = NODES.objectNode();
        } else {
            ObjectNode given = inputs == null || inputs.isNull() ? NODES.objectNode() : (ObjectNode) inputs;
            result = validateObject(descriptor.inputs(), given, null, null, -1, violations);
        }
        if (!violations.isEmpty()) {
            String first = (String) violations.get(0).get("message");
            String message = violations.size() == 1 ? first
                    : first + " (and " + (violations.size() - 1) + " more problem(s), see details.violations)";
            throw new InvalidInputException("INVALID_INPUT", message,
                    Map.of("method", descriptor.id(), "violations", violations));
        }
        return result;
    }

    /**
     * Validates one object: the top-level inputs ({@code parent} null) or row {@code index} of the array input
     * {@code array} of the object at {@code parent}. The path used in messages is built only when one is reported.
     *
     * @return {@code given} itself when nothing in it changes, else a new object in the declared order
     */
    private static ObjectNode validateObject(List<InputDescriptor> declared, ObjectNode given, Prefix parent,
                                             String array, int index, List<Map<String, Object>> violations) {
        int firstViolation = violations.size();
        int known = 0; // fields of `given` that are declared inputs
        ObjectNode result = null; // made at the first change: until then, the result is `given` itself
        for (int i = 0; i < declared.size(); i++) {
            InputDescriptor input = declared.get(i);
            JsonNode original = given.get(input.id());
            if (original != null) known++;
            JsonNode value = original;
            if ((value == null || value.isNull()) && input.defaultValue() != null) {
                value = input.defaultValue();
            }
            if (value == null || value.isNull()) {
                if (input.required()) {
                    String field = Prefix.of(parent, array, index) + input.id();
                    String why = value == null ? "." : ", but was null (an EXPRESSION whose path finds nothing gives "
                            + "null).";
                    violations.add(violation(field, "REQUIRED", rowName(input, given) + "'" + field + "' is required"
                            + why));
                } else if (original != null && result == null) {
                    result = copyBefore(declared, i, given); // an explicit null is dropped
                }
                continue;
            }
            JsonNode coerced = coerced(input, value, given, parent, array, index, violations);
            if (coerced == null) { // refused, or its type could not be told: it is not handed on
                if (original != null && result == null) result = copyBefore(declared, i, given);
                continue;
            }
            if (result == null && coerced != original) {
                result = copyBefore(declared, i, given);
            }
            if (result != null) result.set(input.id(), coerced);
        }
        if (known < given.size()) { // listed first: a typo explains the violations that follow from it
            List<Map<String, Object>> unknown = new ArrayList<>();
            reportUnknown(declared, given, Prefix.of(parent, array, index), unknown);
            violations.addAll(firstViolation, unknown);
        }
        return result == null ? given : result;
    }

    /**
     * The value of one input of an object, coerced to its type, with its allowed values and rows checked; null after
     * reporting a violation.
     */
    private static JsonNode coerced(InputDescriptor input, JsonNode value, ObjectNode given, Prefix parent,
                                    String array, int index, List<Map<String, Object>> violations) {
        DataType type = input.dataType();
        if (type == null && input.typeFrom() != null) {
            JsonNode typeName = given.get(input.typeFrom());
            if (typeName != null && typeName.isTextual()) {
                try {
                    type = DataType.parse(Prefix.of(parent, array, index) + input.typeFrom(), typeName.textValue());
                } catch (InvalidInputException e) {
                    return null; // reported on the sibling itself
                }
            }
        }
        JsonNode coerced;
        try {
            coerced = type == null ? value : type.coerce(input.id(), value);
        } catch (InvalidInputException e) {
            String field = Prefix.of(parent, array, index) + input.id();
            // Coerce again with the full path, so the message names the field as the caller wrote it.
            String message = messageWithField(type, field, value, e);
            message = isSecret(input, given) ? "'" + field + "' expects " + type
                    + " but received a value that does not fit (not shown: the value is secret)." : message;
            violations.add(violation(field, e.code(), rowName(input, given) + message));
            return null;
        }
        if (!input.allowedValues().isEmpty() && !input.allowedValues().contains(coerced.asText())) {
            String field = Prefix.of(parent, array, index) + input.id();
            violations.add(violation(field, "NOT_ALLOWED", "'" + field + "' must be one of "
                    + String.join(", ", input.allowedValues()) + " but was "
                    + (isSecret(input, given) ? "a secret value (not shown)" : coerced) + "."));
            return null;
        }
        if (!input.fields().isEmpty()) {
            coerced = validateElements(input, (ArrayNode) coerced, Prefix.of(parent, array, index), violations);
        }
        return coerced;
    }

    /** A new object holding the values of the inputs before {@code end}, which are unchanged in {@code given}. */
    private static ObjectNode copyBefore(List<InputDescriptor> declared, int end, ObjectNode given) {
        ObjectNode copy = NODES.objectNode();
        for (int j = 0; j < end; j++) {
            String id = declared.get(j).id();
            JsonNode value = given.get(id);
            if (value != null) copy.set(id, value);
        }
        return copy;
    }

    private static void reportUnknown(List<InputDescriptor> declared, ObjectNode given, Prefix prefix,
                                      List<Map<String, Object>> violations) {
        for (Iterator<String> names = given.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!declares(declared, name)) {
                String known = declared.stream().map(InputDescriptor::id).collect(Collectors.joining(", "));
                violations.add(violation(prefix + name, "UNKNOWN_INPUT", "'" + prefix + name
                        + "' is not an input of this " + (prefix.isTop() ? "method" : "row") + ". "
                        + (known.isEmpty() ? "It takes no inputs." : "Known: " + known + ".")));
            }
        }
    }

    /** The coercion's message for {@code field}: coercing is repeated with the full path only on failure. */
    private static String messageWithField(DataType type, String field, JsonNode value, InvalidInputException first) {
        try {
            type.coerce(field, value);
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        return first.getMessage();
    }

    /** A linear scan: descriptors declare a handful of inputs, so this beats building a map on every call. */
    private static boolean declares(List<InputDescriptor> declared, String id) {
        for (int i = 0; i < declared.size(); i++) {
            if (declared.get(i).id().equals(id)) return true;
        }
        return false;
    }

    /**
     * For a value typed by its row (a parameter row), names the row's parameter first, so the message says which
     * parameter is wrong and not only where: {@code Parameter 'qty': 'parameters[0].value' expects INTEGER ...}.
     */
    private static String rowName(InputDescriptor input, ObjectNode given) {
        JsonNode name = given.get("name");
        return input.typeFrom() != null && name != null && name.isTextual() && !name.textValue().isBlank()
                ? "Parameter '" + name.textValue() + "': " : "";
    }

    /**
     * Whether a value must not appear in messages: its input is declared secret, or it sits in a row whose
     * {@code secret} field is true (a parameter row marked secret).
     */
    private static boolean isSecret(InputDescriptor input, ObjectNode given) {
        JsonNode rowSecret = given.get("secret");
        return input.secret() || (rowSecret != null && rowSecret.asBoolean(false));
    }

    /** @return {@code elements} itself when no row changes, else a new array */
    private static ArrayNode validateElements(InputDescriptor input, ArrayNode elements, Prefix prefix,
                                              List<Map<String, Object>> violations) {
        ArrayNode result = null; // made at the first change
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            JsonNode checked = element;
            if (!element.isObject()) {
                String path = new Prefix(prefix, input.id(), i).path();
                violations.add(violation(path, "NOT_AN_OBJECT", "'" + path + "' must be an object with "
                        + input.fields().stream().map(InputDescriptor::id).collect(Collectors.joining(", ")) + "."));
            } else {
                checked = validateObject(input.fields(), (ObjectNode) element, prefix, input.id(), i, violations);
            }
            if (result == null && checked != element) {
                result = NODES.arrayNode(elements.size());
                for (int j = 0; j < i; j++) result.add(elements.get(j));
            }
            if (result != null) result.add(checked);
        }
        return result == null ? elements : result;
    }

    /**
     * Where an object's fields sit, for messages: nothing at the top, {@code parameters[1].} in a row of the array
     * input {@code parameters}. The text is built only when a message needs it, not on every valid call.
     */
    private static final class Prefix {
        static final Prefix TOP = new Prefix(null, null, -1);

        private final Prefix parent;
        private final String array;
        private final int index;

        Prefix(Prefix parent, String array, int index) {
            this.parent = parent;
            this.array = array;
            this.index = index;
        }

        /** @return the prefix of row {@code index} of {@code array} under {@code parent}; TOP when parent is null */
        static Prefix of(Prefix parent, String array, int index) {
            return parent == null ? TOP : new Prefix(parent, array, index);
        }

        boolean isTop() {
            return parent == null;
        }

        /** @return the row's own path, such as {@code parameters[1]} */
        String path() {
            return parent + array + "[" + index + "]";
        }

        /** @return the prefix of the row's fields, such as {@code parameters[1].}; "" at the top */
        @Override
        public String toString() {
            return isTop() ? "" : path() + ".";
        }
    }

    private static Map<String, Object> violation(String field, String code, String message) {
        Map<String, Object> violation = new LinkedHashMap<>();
        violation.put("field", field);
        violation.put("code", code);
        violation.put("message", message);
        return violation;
    }
}
