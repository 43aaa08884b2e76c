package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.session.Scope;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.host.expression.InputExpressions;
import dev.sessionkit.host.expression.Template;
import dev.sessionkit.host.flows.FlowErrors.Where;
import dev.sessionkit.host.http.JsonContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the flows of an app definition (PRODUCT.md section 5) into {@link Flow}s, checking everything that does not
 * depend on the installed plugins: ids, the trigger, the shape of every step, the syntax of every expression, output
 * configurations, and that no two flows share an id or a trigger. Each failure is a 400 naming the flow, the step and
 * the field ({@link FlowErrors}); the checks go on past a failing step or flow, and the 400 lists them all
 * ({@link FlowProblems}). Fields it does not know are ignored (an editor may keep its own data there).
 *
 * <p>Stateless and thread-safe.
 */
public final class FlowParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final long MAX_TIMEOUT_SECONDS = 3600;
    private static final long MAX_BODY_BYTES = 100L * 1024 * 1024;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_CONTENT_TYPES = 16;

    private FlowParser() {
    }

    /**
     * @param flows the app's {@code flows}, a JSON array of objects
     * @return the flows, in order
     * @throws InvalidInputException naming the flow, the step and the field of the first problem, with every problem
     *                               in {@code details.errors} ({@link FlowProblems})
     */
    public static List<Flow> parse(ArrayNode flows) {
        FlowProblems problems = new FlowProblems();
        List<Flow> parsed = parse(flows, problems);
        problems.throwIfAny();
        return parsed;
    }

    /**
     * Parses what parses and adds every problem to {@code problems}: a flow or a step that does not parse is left out
     * of the answer, and the checks go on with the next one.
     *
     * @param flows    the app's {@code flows}
     * @param problems where the problems go
     * @return the flows that parsed, in order (their steps that did not parse left out)
     */
    static List<Flow> parse(ArrayNode flows, FlowProblems problems) {
        List<Flow> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>(); // of every flow, also those that do not parse
        for (int i = 0; i < flows.size(); i++) {
            try {
                Flow flow = parseFlow(flows.get(i), i, problems);
                String id = flows.get(i).path("id").asText(null);
                if (id != null && !ids.add(id)) {
                    problems.add(FlowErrors.invalid("DUPLICATE_FLOW_ID", new Where(i, id, null), "id", "another flow "
                            + "has the id '" + id + "'. Flow ids are unique in an app.", Map.of()));
                } else if (flow != null && unique(flow, parsed, i, problems)) {
                    parsed.add(flow);
                }
            } catch (InvalidInputException e) {
                problems.add(e);
            }
        }
        return parsed;
    }

    /** @return true when no earlier flow has the flow's trigger; else the problem is added */
    private static boolean unique(Flow flow, List<Flow> parsed, int index, FlowProblems problems) {
        Where where = new Where(index, flow.id(), null);
        for (Flow earlier : parsed) {
            if (earlier.trigger().clashesWith(flow.trigger())) {
                problems.add(FlowErrors.invalid("DUPLICATE_TRIGGER", where, "trigger.path", "flow '" + earlier.id()
                        + "' already answers " + flow.trigger().method() + " " + earlier.trigger().path()
                        + ". Give one of them another method or path.", Map.of("otherFlowId", earlier.id())));
                return false;
            }
        }
        return true;
    }

    /** @return the flow (without its steps that do not parse), or null when its own fields do not (problems added) */
    private static Flow parseFlow(JsonNode json, int index, FlowProblems problems) {
        Where where = new Where(index, null, null);
        if (!json.isObject()) {
            throw FlowErrors.invalid("INVALID_FLOWS", where, "", "each element of 'flows' must be a flow object such "
                    + "as {\"id\": \"add-item\", \"trigger\": {\"method\": \"POST\", \"path\": \"/cart/items\"}, "
                    + "\"steps\": []}, not " + json.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".",
                    Map.of());
        }
        String id = id(json, where, "id");
        where = new Where(index, id, null);
        String name = null;
        RestTrigger trigger = null;
        Duration timeout = null;
        long maxBody = 0;
        boolean parsed = false;
        // the flow's own fields and its steps are checked apart, so a broken trigger still lets the steps be checked
        try {
            name = json.hasNonNull("name") ? text(json, "name", where) : id;
            trigger = trigger(json.get("trigger"), where);
            timeout = Duration.ofSeconds(bounded(json, "timeoutSeconds", MAX_TIMEOUT_SECONDS,
                    Flow.DEFAULT_TIMEOUT.toSeconds(), where));
            maxBody = bounded(json, "maxBodyBytes", MAX_BODY_BYTES, Flow.DEFAULT_MAX_BODY_BYTES, where);
            parsed = true;
        } catch (InvalidInputException e) {
            problems.add(e);
        }
        List<FlowStep> steps = steps(json.get("steps"), where, "steps", new HashSet<>(), 0, problems);
        // a flow with a broken step is kept without it, so the validator still checks its other steps' inputs
        if (!parsed) return null;
        return new Flow(id, name, trigger, steps, timeout, maxBody, readsRequest(steps));
    }

    /** Whether any expression of these steps reads {@code request.*}. */
    private static boolean readsRequest(List<FlowStep> steps) {
        for (FlowStep step : steps) {
            boolean reads;
            if (step instanceof MethodStep method) {
                reads = method.compiled().readsRequest();
            } else if (step instanceof ForEachStep forEach) {
                reads = forEach.items().paths().stream().anyMatch(path -> path.root().equals("request"))
                        || readsRequest(forEach.steps());
            } else {
                reads = ((ParallelStep) step).branches().stream().anyMatch(branch -> readsRequest(branch.steps()));
            }
            if (reads) return true;
        }
        return false;
    }

    private static RestTrigger trigger(JsonNode json, Where where) {
        if (json == null || !json.isObject()) {
            throw FlowErrors.invalid("INVALID_TRIGGER", where, "trigger", "a flow needs a trigger such as "
                    + "{\"type\": \"REST\", \"method\": \"POST\", \"path\": \"/orders\", \"auth\": \"JWT\"}.", Map.of());
        }
        String type = json.path("type").asText("REST");
        if (!type.equals("REST")) {
            throw FlowErrors.invalid("INVALID_TRIGGER", where, "trigger.type", "'" + type + "' is not a trigger "
                    + "type; use REST.", Map.of());
        }
        String method = json.path("method").asText("").toUpperCase(Locale.ROOT);
        if (!RestTrigger.METHODS.contains(method)) {
            throw FlowErrors.invalid("INVALID_TRIGGER", where, "trigger.method", "'" + json.path("method").asText()
                    + "' is not a trigger method; use one of " + String.join(", ", RestTrigger.METHODS) + ".",
                    Map.of());
        }
        String path = json.path("path").isTextual() ? RestTrigger.normalize(json.get("path").textValue()) : null;
        RestTrigger.problemOf(path).ifPresent(problem -> {
            throw FlowErrors.invalid("INVALID_TRIGGER", where, "trigger.path", problem, Map.of());
        });
        String auth = json.path("auth").asText("JWT").toUpperCase(Locale.ROOT);
        if (!auth.equals("JWT") && !auth.equals("NONE")) {
            throw FlowErrors.invalid("INVALID_TRIGGER", where, "trigger.auth", "'" + auth + "' is not a trigger "
                    + "auth; use JWT (a valid token is required) or NONE.", Map.of());
        }
        return new RestTrigger(method, path, TriggerAuth.valueOf(auth), contentTypes(json.get("contentTypes"), where));
    }

    /** {@code trigger.contentTypes}: media types such as {@code text/plain}; absent means JSON only. */
    private static List<String> contentTypes(JsonNode json, Where where) {
        if (json == null || json.isNull()) return JsonContentType.JSON;
        List<String> types = new ArrayList<>();
        if (json.isArray() && !json.isEmpty() && json.size() <= MAX_CONTENT_TYPES) {
            for (JsonNode type : json) {
                String text = type.isTextual() ? type.textValue().trim().toLowerCase(Locale.ROOT) : "";
                if (!JsonContentType.isMediaType(text)) {
                    types = null;
                    break;
                }
                types.add(text);
            }
        } else {
            types = null;
        }
        if (types == null) {
            throw FlowErrors.invalid("INVALID_TRIGGER", where, "trigger.contentTypes", "'trigger.contentTypes' lists "
                    + "1 to " + MAX_CONTENT_TYPES + " media types a request body may be declared as, such as "
                    + "[\"application/json\", \"text/plain\"] (without parameters), or [\"*/*\"] for any; leave it "
                    + "out for JSON only.", Map.of());
        }
        return types;
    }

    /** The steps that parse; each step that does not is left out and its problem added. */
    private static List<FlowStep> steps(JsonNode json, Where where, String field, Set<String> ids, int depth,
                                        FlowProblems problems) {
        if (json == null || json.isNull()) return List.of();
        if (!json.isArray()) {
            throw FlowErrors.invalid("INVALID_STEP", where, field, "'" + field + "' is an array of steps.", Map.of());
        }
        if (depth > MAX_DEPTH) {
            throw FlowErrors.invalid("INVALID_STEP", where, field, "steps nest at most " + MAX_DEPTH + " deep.",
                    Map.of());
        }
        List<FlowStep> steps = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            try {
                steps.add(step(json.get(i), where, field + "[" + i + "]", ids, depth, problems));
            } catch (InvalidInputException e) {
                problems.add(e);
            }
        }
        return steps;
    }

    private static FlowStep step(JsonNode json, Where flow, String field, Set<String> ids, int depth,
                                 FlowProblems problems) {
        if (!json.isObject()) {
            throw FlowErrors.invalid("INVALID_STEP", flow, field, "a step is a JSON object with an id.", Map.of());
        }
        String id = id(json, flow, field + ".id");
        Where where = flow.step(id);
        if (!ids.add(id)) {
            throw FlowErrors.invalid("DUPLICATE_STEP_ID", where, "id", "another step of this flow has the id '" + id
                    + "'. Step ids are unique in a flow, nested steps included.", Map.of());
        }
        String type = json.hasNonNull("type") ? text(json, "type", where) : "method";
        return switch (type) {
            case "method" -> methodStep(json, where, id);
            case "for-each" -> new ForEachStep(id, template(json, "items", where), flag(json, "scoped", where),
                    steps(json.get("steps"), where, "steps", ids, depth + 1, problems),
                    target(json, "target", id, where));
            case "parallel" -> parallel(json, where, id, ids, depth, problems);
            default -> throw FlowErrors.invalid("INVALID_STEP", where, "type", "'" + type + "' is not a step type; "
                    + "use method (the default), for-each or parallel.", Map.of());
        };
    }

    private static MethodStep methodStep(JsonNode json, Where where, String id) {
        if (!json.path("method").isTextual() || json.get("method").textValue().isBlank()) {
            throw FlowErrors.invalid("INVALID_STEP", where, "method", "a method step names its method, such as "
                    + "\"method\": \"session.set-parameters\".", Map.of());
        }
        JsonNode input = json.get("input");
        if (input != null && !input.isNull() && !input.isObject()) {
            throw FlowErrors.invalid("INVALID_STEP", where, "input", "'input' is an object of input values.",
                    Map.of());
        }
        ObjectNode inputs = input == null || input.isNull() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) input;
        checkExpressions(inputs, "input", where);
        String pluginId = json.path("plugin").isTextual() ? json.get("plugin").textValue() : null;
        return new MethodStep(id, json.get("method").textValue(), pluginId, inputs, output(json.get("output"), where));
    }

    private static ParallelStep parallel(JsonNode json, Where where, String id, Set<String> ids, int depth,
                                         FlowProblems problems) {
        JsonNode branches = json.get("branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            throw FlowErrors.invalid("INVALID_STEP", where, "branches", "a parallel step has a non-empty array of "
                    + "branches, each {\"id\", \"steps\"}.", Map.of());
        }
        List<ParallelStep.Branch> parsed = new ArrayList<>();
        Set<String> branchIds = new HashSet<>();
        for (int i = 0; i < branches.size(); i++) {
            JsonNode branch = branches.get(i);
            String field = "branches[" + i + "]";
            if (!branch.isObject()) {
                throw FlowErrors.invalid("INVALID_STEP", where, field, "a branch is {\"id\", \"steps\"}.", Map.of());
            }
            String branchId = id(branch, where, field + ".id");
            if (!branchIds.add(branchId)) {
                throw FlowErrors.invalid("INVALID_STEP", where, field + ".id", "another branch has the id '"
                        + branchId + "'.", Map.of());
            }
            parsed.add(new ParallelStep.Branch(branchId, steps(branch.get("steps"), where, field + ".steps", ids,
                    depth + 1, problems)));
        }
        return new ParallelStep(id, flag(json, "scoped", where), parsed, target(json, "target", id, where));
    }

    private static OutputConfig output(JsonNode json, Where where) {
        if (json == null || json.isNull()) return null;
        if (!json.isObject()) {
            throw FlowErrors.invalid("INVALID_OUTPUT", where, "output", "'output' is an object such as "
                    + "{\"dataType\": \"OBJECT\", \"scope\": \"LOCAL\", \"name\": \"cart\", \"target\": \"cart\"}.",
                    Map.of());
        }
        DataType dataType = null;
        if (json.hasNonNull("dataType")) {
            try {
                dataType = DataType.parse("output.dataType", text(json, "dataType", where));
            } catch (InvalidInputException e) {
                throw FlowErrors.invalid("INVALID_OUTPUT", where, "output.dataType", e.getMessage(), Map.of());
            }
        }
        String name = json.hasNonNull("name") ? text(json, "name", where) : null;
        if (name != null && name.isBlank()) {
            throw FlowErrors.invalid("INVALID_OUTPUT", where, "output.name", "a variable name is not blank.",
                    Map.of());
        }
        if (name != null && name.length() > SessionLimits.MAX_NAME_LENGTH) {
            throw FlowErrors.invalid("INVALID_OUTPUT", where, "output.name", "a variable name has at most "
                    + SessionLimits.MAX_NAME_LENGTH + " characters (this one has " + name.length() + ").", Map.of());
        }
        Scope scope = null;
        if (json.hasNonNull("scope")) {
            String text = text(json, "scope", where).toUpperCase(Locale.ROOT);
            if (!text.equals("LOCAL") && !text.equals("GLOBAL")) {
                throw FlowErrors.invalid("INVALID_OUTPUT", where, "output.scope", "'" + text + "' is not an output "
                        + "scope; use LOCAL (this execution) or GLOBAL (the signed-in user's session).", Map.of());
            }
            scope = Scope.valueOf(text);
            if (name == null) {
                throw FlowErrors.invalid("INVALID_OUTPUT", where, "output.name", "'output.scope' stores the output "
                        + "as a variable: give its 'name' too.", Map.of());
            }
        }
        if (name != null && scope == null) scope = Scope.LOCAL;
        MessagePath target = json.hasNonNull("target") ? target(json, "output.target", null, where) : null;
        return new OutputConfig(dataType, scope, name, target);
    }

    /** Parses every expression in a step's input, so a syntax error is a 400 at save time naming the field. */
    private static void checkExpressions(JsonNode node, String field, Where where) {
        if (InputExpressions.isExpressionValue(node)) {
            parseTemplate(node.get("value").textValue(), field + ".value", where);
        }
        if (node.isObject()) {
            node.properties().forEach(e -> checkExpressions(e.getValue(), field + "." + e.getKey(), where));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) checkExpressions(node.get(i), field + "[" + i + "]", where);
        }
    }

    private static Template template(JsonNode json, String field, Where where) {
        if (!json.path(field).isTextual()) {
            throw FlowErrors.invalid("INVALID_STEP", where, field, "'" + field + "' is a template such as "
                    + "\"{{ message.items }}\".", Map.of());
        }
        return parseTemplate(json.get(field).textValue(), field, where);
    }

    private static Template parseTemplate(String source, String field, Where where) {
        try {
            return Template.parse(source);
        } catch (InvalidInputException e) {
            throw FlowErrors.invalid(e.code(), where, field, e.getMessage(), e.details());
        }
    }

    private static MessagePath target(JsonNode json, String path, String fallback, Where where) {
        String field = "target";
        String text = json.hasNonNull(field) ? text(json, field, where) : fallback;
        return MessagePath.parse(text).orElseThrow(() -> FlowErrors.invalid("INVALID_TARGET", where, path, "'"
                + (text != null && text.length() > 120 ? text.substring(0, 120) + "..." : text)
                + "' is not a message field: use a "
                + "name or a dotted path such as order.total, of at most " + MessagePath.MAX_SEGMENTS + " names and "
                + MessagePath.MAX_LENGTH + " characters.", Map.of()));
    }

    private static String id(JsonNode json, Where where, String field) {
        JsonNode id = json.get("id");
        if (id == null || !id.isTextual() || !ID.matcher(id.textValue()).matches()) {
            throw FlowErrors.invalid("INVALID_ID", where, field, "an id has 1 to 64 letters, digits, '_' and '-', "
                    + "starting with a letter or digit, such as 'add-item'.", Map.of());
        }
        return id.textValue();
    }

    private static String text(JsonNode json, String field, Where where) {
        JsonNode value = json.get(field);
        if (!value.isTextual()) {
            throw FlowErrors.invalid("INVALID_FIELD", where, field, "'" + field + "' is a string.", Map.of());
        }
        return value.textValue();
    }

    private static boolean flag(JsonNode json, String field, Where where) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) return false;
        if (!value.isBoolean()) {
            throw FlowErrors.invalid("INVALID_FIELD", where, field, "'" + field + "' is true or false.", Map.of());
        }
        return value.booleanValue();
    }

    private static long bounded(JsonNode json, String field, long max, long fallback, Where where) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) return fallback;
        if (!value.isIntegralNumber() || value.longValue() < 1 || value.longValue() > max) {
            throw FlowErrors.invalid("INVALID_FIELD", where, field, "'" + field + "' is a whole number from 1 to "
                    + max + ", or left out for " + fallback + ".", Map.of());
        }
        return value.longValue();
    }
}
