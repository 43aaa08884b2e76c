package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.host.flows.FlowErrors.Where;
import dev.sessionkit.host.plugins.MethodRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Secret values in app definitions: a STATIC value the builder typed into a secret place stays in the host. Answers
 * that show an app ({@code GET /api/apps}, {@code GET /api/apps/{appId}}, which is also the export, and the answers
 * of {@code POST} and {@code PUT}) carry {@value #PLACEHOLDER} in its place, and list the places in
 * {@code "secretFields": [{"flowId", "stepId", "field"}]}; a {@code PUT} that sends the placeholder back keeps the
 * stored value (as Grafana does), so an editor can save an app it never saw the secrets of.
 *
 * <p>A secret place, in a method step's {@code input}:
 * <ul>
 *   <li>an input its method's descriptor declares {@code secret} (the session plugin's {@code token}), or that the
 *       step records in {@code "secretInputs"} ({@link FlowValidator} records them at save, so they stay hidden while
 *       the method's plugin is uninstalled): its value, given as is or as a STATIC value holder
 *       ({@code {"valueType": "STATIC", "value": ...}});</li>
 *   <li>in the rows of an ARRAY input, a field the descriptor declares {@code secret} (recorded as
 *       {@code "<input>[].<field>"}), and the {@code value} of a row marked {@code "secret": true} (a secret
 *       parameter of Set Parameters) whose {@code valueType} is not EXPRESSION.</li>
 * </ul>
 * EXPRESSION values are templates, not secrets, and are shown; null values hold nothing to hide.
 *
 * <p>A placeholder in a secret place of a {@code PUT} is replaced by the value stored at the same place: the same
 * flow id, step id (wherever the step moved in the flow) and input, and for a row the row of the same {@code name}
 * (or, for rows without a name, the same position). When nothing is stored there (a new step, a renamed row, an
 * import of an export into a new app) the save is refused with {@code 400 SECRET_VALUE_REQUIRED} naming the flow,
 * the step and the field: the value must be entered again. A placeholder anywhere else is kept as the text it is.
 *
 * <p>Thread-safe: it reads the current registry snapshot once per call; it never modifies its arguments.
 */
public final class SecretInputs {
    /** What answers show in place of a secret value, and what a PUT sends back to keep it. */
    public static final String PLACEHOLDER = "[REDACTED]";
    /** The step field where {@link FlowValidator} records the secret places its method's descriptor declares. */
    static final String RECORDED = "secretInputs";

    private static final TextNode HIDDEN = TextNode.valueOf(PLACEHOLDER);

    private final Supplier<MethodRegistry> registry;

    /** @param registry the current method registry, for the descriptors' secret inputs */
    public SecretInputs(Supplier<MethodRegistry> registry) {
        this.registry = registry;
    }

    /**
     * @param app an app's JSON form as stored (not modified)
     * @return a copy to answer with: each secret value replaced by {@value #PLACEHOLDER}, and {@code "secretFields"}
     *         listing where
     */
    public ObjectNode hide(ObjectNode app) {
        ObjectNode copy = app.deepCopy();
        ArrayNode fields = JsonNodeFactory.instance.arrayNode();
        MethodRegistry methods = registry.get();
        for (JsonNode flow : copy.path("flows")) {
            String flowId = flow.path("id").asText(null);
            for (ObjectNode step : methodSteps(flow)) {
                for (Place place : secretPlaces(step, methods)) {
                    place.set(HIDDEN);
                    fields.addObject().put("flowId", flowId).put("stepId", step.path("id").asText(null))
                            .put("field", "input." + place.path());
                }
            }
        }
        copy.set("secretFields", fields);
        return copy;
    }

    /**
     * Puts the stored secret values back where a saved definition sends {@value #PLACEHOLDER}.
     *
     * @param flows  the flows sent (not modified)
     * @param stored the flows stored now, or null when the app is new
     * @return a copy of {@code flows} with the placeholders in secret places replaced by the stored values, and each
     *         step's recorded {@code secretInputs} kept when its method is not installed (so they stay hidden)
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code SECRET_VALUE_REQUIRED} (400) with
     *                                                        {@code flowId}, {@code stepId} and {@code field} for the
     *                                                        first placeholder with no stored value
     */
    public ArrayNode putBack(ArrayNode flows, ArrayNode stored) {
        ArrayNode copy = flows.deepCopy();
        MethodRegistry methods = registry.get();
        for (int i = 0; i < copy.size(); i++) {
            JsonNode flow = copy.get(i);
            String flowId = flow.path("id").asText(null);
            Map<String, ObjectNode> storedSteps = storedSteps(stored, flowId);
            for (ObjectNode step : methodSteps(flow)) {
                String stepId = step.path("id").asText(null);
                ObjectNode before = storedSteps.get(stepId);
                keepRecorded(step, before, methods);
                for (Place place : secretPlaces(step, methods)) {
                    if (!PLACEHOLDER.equals(place.value().asText(null)) || !place.value().isTextual()) continue;
                    JsonNode kept = before == null ? null : place.find(before);
                    if (kept == null || kept.isNull() || (kept.isTextual() && PLACEHOLDER.equals(kept.textValue()))) {
                        throw FlowErrors.invalid("SECRET_VALUE_REQUIRED", new Where(i, flowId, stepId),
                                "input." + place.path(), "this secret value is " + PLACEHOLDER + ", but the host "
                                        + "keeps no value here to put back (a new step or row, a renamed row, or an "
                                        + "import: exports leave secret values out). Enter the value.", Map.of());
                    }
                    place.set(kept.deepCopy());
                }
            }
        }
        return copy;
    }

    /** A method step sent without a method the host knows keeps the secret places recorded when it was saved. */
    private static void keepRecorded(ObjectNode step, ObjectNode before, MethodRegistry methods) {
        if (before == null || methods.find(step.path("method").asText("")).isPresent()) return;
        Set<String> recorded = new LinkedHashSet<>();
        step.path(RECORDED).forEach(id -> recorded.add(id.asText()));
        before.path(RECORDED).forEach(id -> recorded.add(id.asText()));
        if (recorded.isEmpty()) return;
        ArrayNode union = step.putArray(RECORDED);
        recorded.forEach(union::add);
    }

    /**
     * Records in a method step which of the secret places its method's descriptor declares hold a value, in
     * {@code "secretInputs"} (removed when none does, so most steps carry nothing): they stay hidden while the method's
     * plugin is not installed.
     *
     * @param step       a method step, modified
     * @param descriptor its method's descriptor
     */
    static void record(ObjectNode step, MethodDescriptor descriptor) {
        step.remove(RECORDED);
        JsonNode input = step.path("input");
        ArrayNode recorded = JsonNodeFactory.instance.arrayNode();
        for (String place : declared(descriptor)) {
            int rows = place.indexOf("[].");
            boolean holdsValue;
            if (rows < 0) {
                holdsValue = input.hasNonNull(place);
            } else {
                holdsValue = false;
                for (JsonNode row : input.path(place.substring(0, rows))) {
                    holdsValue |= row.hasNonNull(place.substring(rows + 3));
                }
            }
            if (holdsValue) recorded.add(place);
        }
        if (!recorded.isEmpty()) step.set(RECORDED, recorded);
    }

    /**
     * @param descriptor a method's descriptor
     * @return the secret places it declares, as recorded in a step: input ids, and {@code <input>[].<field>}
     */
    static List<String> declared(MethodDescriptor descriptor) {
        List<String> places = new ArrayList<>();
        for (InputDescriptor input : descriptor.inputs()) {
            if (input.secret()) places.add(input.id());
            for (InputDescriptor field : input.fields()) {
                if (field.secret()) places.add(input.id() + "[]." + field.id());
            }
        }
        return places;
    }

    private static Map<String, ObjectNode> storedSteps(ArrayNode stored, String flowId) {
        Map<String, ObjectNode> steps = new HashMap<>();
        if (stored == null || flowId == null) return steps;
        for (JsonNode flow : stored) {
            if (flowId.equals(flow.path("id").asText(null))) {
                for (ObjectNode step : methodSteps(flow)) steps.putIfAbsent(step.path("id").asText(null), step);
            }
        }
        return steps;
    }

    /** @return the method steps of a flow, nested ones included */
    private static List<ObjectNode> methodSteps(JsonNode flow) {
        List<ObjectNode> steps = new ArrayList<>();
        collect(flow.path("steps"), steps);
        return steps;
    }

    private static void collect(JsonNode steps, List<ObjectNode> into) {
        for (JsonNode step : steps) {
            if (!step.isObject()) continue;
            if (step.path("method").isTextual() && step.path("type").asText("method").equals("method")) {
                into.add((ObjectNode) step);
            }
            collect(step.path("steps"), into);
            for (JsonNode branch : step.path("branches")) collect(branch.path("steps"), into);
        }
    }

    /** @return the secret places of a method step that hold a value to hide */
    private static List<Place> secretPlaces(ObjectNode step, MethodRegistry methods) {
        List<Place> places = new ArrayList<>();
        JsonNode input = step.get("input");
        if (input == null || !input.isObject()) return places;
        Set<String> secret = new LinkedHashSet<>();
        step.path(RECORDED).forEach(id -> secret.add(id.asText()));
        methods.find(step.path("method").asText("")).ifPresent(m -> secret.addAll(declared(m.descriptor())));
        for (Map.Entry<String, JsonNode> entry : input.properties()) {
            String id = entry.getKey();
            JsonNode value = entry.getValue();
            if (secret.contains(id)) {
                Place place = InputPlace.of((ObjectNode) input, id);
                if (place != null) places.add(place);
            } else if (value.isArray()) {
                for (int row = 0; row < value.size(); row++) {
                    JsonNode element = value.get(row);
                    if (!element.isObject()) continue;
                    boolean template = element.path("valueType").asText("STATIC").equals("EXPRESSION");
                    for (Map.Entry<String, JsonNode> field : element.properties()) {
                        boolean secretField = secret.contains(id + "[]." + field.getKey())
                                || field.getKey().equals("value") && element.path("secret").asBoolean(false)
                                && !template;
                        if (secretField && !field.getValue().isNull()) {
                            places.add(new RowPlace(id, row, (ObjectNode) element, field.getKey()));
                        }
                    }
                }
            }
        }
        return places;
    }

    /** Where one secret value is in a step's input, and how to find the same place in another version. */
    private interface Place {
        JsonNode value();

        void set(JsonNode value);

        /** @return the path under {@code input}, such as {@code token} or {@code parameters[0].value} */
        String path();

        /** @return the value at the same place in another version of the step, or null */
        JsonNode find(ObjectNode step);
    }

    /** A top-level input: its value, or the value of its STATIC value holder. */
    private record InputPlace(ObjectNode input, String id, boolean holder) implements Place {
        static InputPlace of(ObjectNode input, String id) {
            JsonNode value = input.get(id);
            if (value == null || value.isNull()) return null;
            if (isHolder(value)) {
                if (value.path("valueType").asText().equals("EXPRESSION") || value.path("value").isNull()) return null;
                return new InputPlace(input, id, true);
            }
            return new InputPlace(input, id, false);
        }

        private static boolean isHolder(JsonNode value) {
            return value.isObject() && value.size() == 2 && value.has("valueType") && value.has("value");
        }

        @Override
        public JsonNode value() {
            return holder ? input.get(id).get("value") : input.get(id);
        }

        @Override
        public void set(JsonNode value) {
            if (holder) ((ObjectNode) input.get(id)).set("value", value);
            else input.set(id, value);
        }

        @Override
        public String path() {
            return holder ? id + ".value" : id;
        }

        @Override
        public JsonNode find(ObjectNode step) {
            JsonNode value = step.path("input").get(id);
            if (value == null) return null;
            return isHolder(value) && !value.path("valueType").asText().equals("EXPRESSION") ? value.get("value")
                    : isHolder(value) ? null : value;
        }
    }

    /** A field of a row of an ARRAY input; a row is matched by its {@code name}, or by its position without one. */
    private record RowPlace(String input, int index, ObjectNode row, String field) implements Place {
        @Override
        public JsonNode value() {
            return row.get(field);
        }

        @Override
        public void set(JsonNode value) {
            row.set(field, value);
        }

        @Override
        public String path() {
            return input + "[" + index + "]." + field;
        }

        @Override
        public JsonNode find(ObjectNode step) {
            JsonNode rows = step.path("input").path(input);
            if (!rows.isArray()) return null;
            JsonNode name = row.get("name");
            if (name != null && name.isTextual()) {
                for (JsonNode other : rows) {
                    if (other.isObject() && name.equals(other.get("name"))) {
                        return other.get(field);
                    }
                }
                return null;
            }
            JsonNode same = rows.get(index);
            return same != null && same.isObject() && !same.path("name").isTextual() ? same.get(field) : null;
        }
    }
}
