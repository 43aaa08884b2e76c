package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.descriptor.InputValidator;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.host.expression.InputExpressions;
import dev.sessionkit.host.flows.FlowErrors.Where;
import dev.sessionkit.host.plugins.MethodRegistry;
import dev.sessionkit.host.plugins.RegisteredMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Checks an app's flows before they are saved: everything {@link FlowParser} checks, plus, against the installed
 * plugins, that every method step names an installed method and that its input configuration fits the method's
 * descriptor. An EXPRESSION value's type is only known at run time, so the violations about such values are not
 * reported at save time (the run validates the evaluated inputs again). A step whose method is not installed is
 * refused, unless it records (in {@code "plugin"}) the plugin that provided it when it was saved: that plugin has been
 * removed or disabled since, and the step is kept unchecked, so the rest of the app can still be saved.
 *
 * <p>A refused save answers every problem at once ({@link FlowProblems}: the first in {@code details}, all in
 * {@code details.errors}). Every failure is a 400 with {@code details.flowId}, {@code stepId} and {@code field} (for
 * inputs, a path such as {@code input.parameters[0].value}). On success, each method step of the returned copy
 * records the plugin that provides its method in {@code "plugin"}, so a run can name that plugin when it is later
 * uninstalled or disabled, and the secret inputs of its method that hold a value in {@code "secretInputs"}
 * ({@link SecretInputs}), so they stay hidden meanwhile.
 *
 * <p>{@link #warnings} lists what the editor should point out without refusing the save: a flow whose trigger needs
 * no JWT and that writes a SHARED session ({@code ANONYMOUS_SHARED_WRITE}). Any caller can run such a flow, and a
 * SHARED session is state every caller of the app shares: direct calls need a builder or an admin to change one, but
 * inside a flow its steps decide, so the builder should mean it.
 *
 * <p>Thread-safe: it reads the current registry snapshot once per validation.
 */
public final class FlowValidator {
    private static final String ANONYMOUS_SHARED_WRITE = "ANONYMOUS_SHARED_WRITE";
    /** The session methods that change or end the session they address (with scope SHARED: a SHARED one). */
    private static final Set<String> SESSION_WRITES = Set.of("session.set-parameters", "session.update-parameters",
            "session.delete-parameters", "session.clear", "session.touch", "session.end");

    private final Supplier<MethodRegistry> registry;

    /** @param registry the current method registry */
    public FlowValidator(Supplier<MethodRegistry> registry) {
        this.registry = registry;
    }

    /**
     * @param flows the flows to save (not modified)
     * @return a copy with each method step's {@code plugin} recorded
     * @throws InvalidInputException naming the flow, the step and the field of the first problem, with every problem
     *                               (of the definition and of each step's inputs) in {@code details.errors}
     */
    public ArrayNode validate(ArrayNode flows) {
        FlowProblems problems = new FlowProblems();
        List<Flow> parsed = FlowParser.parse(flows, problems);
        MethodRegistry methods = registry.get();
        for (Flow flow : parsed) {
            checkSteps(flow.steps(), new Where(indexOf(flows, flow.id()), flow.id(), null), methods, problems);
        }
        problems.throwIfAny();
        ArrayNode recorded = flows.deepCopy();
        for (JsonNode flow : recorded) recordPlugins(flow.get("steps"), methods);
        return recorded;
    }

    /** @return the position of the flow with this id in the app's flows (ids are unique once parsed) */
    private static int indexOf(ArrayNode flows, String flowId) {
        for (int i = 0; i < flows.size(); i++) {
            if (flowId.equals(flows.get(i).path("id").asText(null))) return i;
        }
        return -1;
    }

    /**
     * The warnings of valid flows (see the class comment).
     *
     * @param flows the flows, as saved
     * @return the warnings, in the order of the flows and steps; empty when the flows do not parse
     */
    public List<FlowWarning> warnings(ArrayNode flows) {
        List<Flow> parsed;
        try {
            parsed = FlowParser.parse(flows);
        } catch (InvalidInputException e) {
            return List.of();
        }
        List<FlowWarning> warnings = new ArrayList<>();
        for (Flow flow : parsed) {
            if (flow.trigger().auth() == TriggerAuth.NONE) sharedWrites(flow, flow.steps(), warnings);
        }
        return List.copyOf(warnings);
    }

    private static void sharedWrites(Flow flow, List<FlowStep> steps, List<FlowWarning> warnings) {
        for (FlowStep step : steps) {
            if (step instanceof MethodStep method) {
                sharedWrite(flow, method).ifPresent(warnings::add);
            } else if (step instanceof ForEachStep forEach) {
                sharedWrites(flow, forEach.steps(), warnings);
            } else {
                ((ParallelStep) step).branches().forEach(branch -> sharedWrites(flow, branch.steps(), warnings));
            }
        }
    }

    /**
     * @return the warning of a step that starts a SHARED session (Start Session with a name) or changes one (a write
     *         of {@link #SESSION_WRITES} with scope SHARED); a name or scope given as an expression may be SHARED
     */
    private static Optional<FlowWarning> sharedWrite(Flow flow, MethodStep step) {
        String field;
        String what;
        if (step.methodId().equals("session.start")) {
            Configured name = Configured.of(step.input().get("name"));
            if (name == null || (!name.expression() && name.text().isBlank())) return Optional.empty();
            field = "input.name";
            what = name.expression() ? "may start a SHARED session (its name is an expression)"
                    : "starts the SHARED session '" + name.text() + "'";
        } else if (SESSION_WRITES.contains(step.methodId())) {
            Configured scope = Configured.of(step.input().get("scope"));
            if (scope == null || !(scope.expression() || scope.text().equalsIgnoreCase("SHARED"))) {
                return Optional.empty();
            }
            field = "input.scope";
            what = scope.expression() ? "may change a SHARED session (its scope is an expression)"
                    : "changes a SHARED session (" + step.methodId() + ")";
        } else {
            return Optional.empty();
        }
        return Optional.of(new FlowWarning(ANONYMOUS_SHARED_WRITE, flow.id(), step.id(), field, "Flow '"
                + flow.id() + "' runs for anyone (its trigger needs no JWT), and step '" + step.id() + "' " + what
                + ". A SHARED session is state every caller of the app shares, so any anonymous caller of this flow "
                + "changes it. Set the trigger's authentication to JWT if only signed-in users should; keep it if "
                + "that is what you mean."));
    }

    /** A configured input: its text, or an expression whose value is known only at run time. */
    private record Configured(String text, boolean expression) {
        /** @return what the input holds, or null when it is absent or not text */
        static Configured of(JsonNode input) {
            if (input == null) return null;
            if (InputExpressions.isExpressionValue(input)) return new Configured(null, true);
            JsonNode value = InputExpressions.isValueHolder(input) ? input.get("value") : input;
            return value.isTextual() ? new Configured(value.textValue(), false) : null;
        }
    }

    private static void checkSteps(List<FlowStep> steps, Where flow, MethodRegistry methods, FlowProblems problems) {
        for (FlowStep step : steps) {
            if (step instanceof MethodStep method) {
                checkMethod(method, flow.step(method.id()), methods, problems);
            } else if (step instanceof ForEachStep forEach) {
                checkSteps(forEach.steps(), flow, methods, problems);
            } else {
                ((ParallelStep) step).branches().forEach(branch -> checkSteps(branch.steps(), flow, methods,
                        problems));
            }
        }
    }

    /** Adds the step's problems: an unknown method, or each violation of its inputs that is not an expression's. */
    private static void checkMethod(MethodStep step, Where where, MethodRegistry methods, FlowProblems problems) {
        if (step.pluginId() != null && methods.find(step.methodId()).isEmpty()) {
            // Saved while its plugin was installed, which is now removed or disabled: kept as it is, so the rest of
            // the app can still be edited and saved; a run fails naming the plugin and the editor marks the step.
            return;
        }
        Optional<RegisteredMethod> found = methods.find(step.methodId());
        if (found.isEmpty()) {
            problems.add(FlowErrors.invalid("UNKNOWN_METHOD", where, "method", "no installed plugin has a method '"
                    + step.methodId() + "'. Pick one from GET /api/plugins, or install its plugin first.",
                    Map.of("methodId", step.methodId(),
                            "knownMethods", List.copyOf(new TreeSet<>(knownIds(methods))))));
            return;
        }
        RegisteredMethod method = found.get();
        Set<String> expressionFields = new HashSet<>();
        JsonNode checkable = forChecking(step.input(), "", expressionFields);
        try {
            InputValidator.validate(method.descriptor(), checkable);
        } catch (InvalidInputException e) {
            List<?> violations = ((List<?>) e.details().getOrDefault("violations", List.of())).stream()
                    .filter(v -> !(v instanceof Map<?, ?> m && expressionFields.contains(String.valueOf(m.get("field")))))
                    .toList();
            for (Object violation : violations) {
                Map<?, ?> each = (Map<?, ?>) violation;
                problems.add(FlowErrors.invalid("INVALID_STEP_INPUT", where, "input." + each.get("field"),
                        each.get("message") + " (method '" + step.methodId() + "')",
                        Map.of("methodId", step.methodId(), "violations", violations)));
            }
        }
    }

    /**
     * A copy of the inputs as the validator sees them at save time: value holders replaced by their value (the
     * template text for EXPRESSION); the fields whose value is an expression collected in {@code expressionFields},
     * in the validator's path form ({@code parameters[0].value}).
     */
    private static JsonNode forChecking(JsonNode node, String field, Set<String> expressionFields) {
        if (InputExpressions.isValueHolder(node)) {
            if (InputExpressions.isExpressionValue(node)) expressionFields.add(field);
            return node.get("value");
        }
        if (InputExpressions.isExpressionValue(node)) {
            expressionFields.add(field.isEmpty() ? "value" : field + ".value");
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(),
                    forChecking(e.getValue(), field.isEmpty() ? e.getKey() : field + "." + e.getKey(), expressionFields)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            for (int i = 0; i < node.size(); i++) copy.add(forChecking(node.get(i), field + "[" + i + "]", expressionFields));
            return copy;
        }
        return node;
    }

    private static void recordPlugins(JsonNode steps, MethodRegistry methods) {
        if (steps == null || !steps.isArray()) return;
        for (JsonNode step : steps) {
            if (step.path("method").isTextual() && step.path("type").asText("method").equals("method")) {
                methods.find(step.get("method").textValue()).ifPresent(m -> {
                    ((ObjectNode) step).set("plugin", TextNode.valueOf(m.pluginId()));
                    SecretInputs.record((ObjectNode) step, m.descriptor());
                });
            }
            recordPlugins(step.get("steps"), methods);
            for (JsonNode branch : step.path("branches")) recordPlugins(branch.get("steps"), methods);
        }
    }

    private static Set<String> knownIds(MethodRegistry methods) {
        Set<String> ids = new HashSet<>();
        methods.plugins().stream().filter(plugin -> plugin.state().equals("STARTED"))
                .forEach(plugin -> plugin.methods().forEach(d -> ids.add(d.id())));
        return ids;
    }
}
