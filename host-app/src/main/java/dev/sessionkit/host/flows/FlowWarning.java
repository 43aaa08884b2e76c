package dev.sessionkit.host.flows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something about a flow that the editor shows beside the step but that does not stop the app from being saved (a
 * validation error does). Immutable.
 *
 * @param code    stable, upper-case, such as {@code ANONYMOUS_SHARED_WRITE}
 * @param flowId  the flow
 * @param stepId  the step
 * @param field   the input the warning is about, such as {@code input.scope}
 * @param message what may go wrong and how to avoid it
 */
public record FlowWarning(String code, String flowId, String stepId, String field, String message) {
    /** Checks the components. */
    public FlowWarning {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** @return {@code {"code", "flowId", "stepId", "field", "message"}} */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", code);
        json.put("flowId", flowId);
        json.put("stepId", stepId);
        json.put("field", field);
        json.put("message", message);
        return json;
    }
}
