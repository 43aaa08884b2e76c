package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 */
public record MethodStep(String id, String methodId, String pluginId, ObjectNode input, OutputConfig output)
        implements FlowStep {
    /** Copies the input. */
    public MethodStep {
        input = input.deepCopy();
    }

    /** @return whether the step asks for a Scoped LOCAL session ({@code "scoped": true} in its input) */
    public boolean scoped() {
        JsonNode scoped = input.get("scoped");
        return scoped != null && scoped.isBoolean() && scoped.booleanValue();
    }
}
