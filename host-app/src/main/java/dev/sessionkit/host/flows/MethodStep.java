package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.host.expression.InputExpressions;

/**
 * A step that calls a plugin method.
 *
 * @param id       the step id
 * @param methodId the method, such as {@code session.set-parameters}
 * @param pluginId the plugin that provided the method when the app was saved, or null (named in the error when the
 *                 plugin is gone)
 * @param input    the Input Configuration (values STATIC or EXPRESSION), evaluated and validated at each run; a
 *                 private copy
 * @param output   the Output Configuration, or null
 * @param compiled the input with its expressions parsed, made from {@code input} by the constructor (pass null)
 */
public record MethodStep(String id, String methodId, String pluginId, ObjectNode input, OutputConfig output,
                         InputExpressions compiled) implements FlowStep {
    /**
     * Copies the input and parses its expressions once, for every run.
     *
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code EXPRESSION_SYNTAX} for a template that does
     *                                                        not parse (the flow parser reports it first, by field)
     */
    public MethodStep {
        input = input.deepCopy();
        compiled = InputExpressions.compileForReuse(input);
    }

    /**
     * @param id       the step id
     * @param methodId the method
     * @param pluginId the plugin that provided the method when the app was saved, or null
     * @param input    the Input Configuration
     * @param output   the Output Configuration, or null
     */
    public MethodStep(String id, String methodId, String pluginId, ObjectNode input, OutputConfig output) {
        this(id, methodId, pluginId, input, output, null);
    }

    /** @return whether the step asks for a Scoped LOCAL session ({@code "scoped": true} in its input) */
    public boolean scoped() {
        JsonNode scoped = input.get("scoped");
        return scoped != null && scoped.isBoolean() && scoped.booleanValue();
    }
}
