package dev.sessionkit.host.flows;

import dev.sessionkit.api.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 400s of an app definition that does not validate. Each names the flow, the step and the field, so an editor can
 * show the message next to the field: {@code details} always hold {@code flowId} (null when the flow has no valid id
 * yet), {@code stepId} (null for flow-level fields) and {@code field} (a path into the flow or the step, such as
 * {@code trigger.path} or {@code input.parameters[0].value}), plus {@code flowIndex}.
 *
 * <p>Stateless.
 */
final class FlowErrors {
    private FlowErrors() {
    }

    /**
     * @param code     the error code
     * @param where    the flow and step
     * @param field    the field's path in the flow (no step) or in the step
     * @param problem  what is wrong and how to fix it
     * @param extra    more details, may be empty
     * @return the exception
     */
    static InvalidInputException invalid(String code, Where where, String field, String problem,
                                         Map<String, ?> extra) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("flowId", where.flowId());
        details.put("stepId", where.stepId());
        details.put("field", field);
        details.put("flowIndex", where.flowIndex());
        details.putAll(extra);
        String place = where.stepId() == null ? "Flow " + where.name() : "Flow " + where.name() + ", step '"
                + where.stepId() + "'";
        return new InvalidInputException(code, place + (field.isEmpty() ? "" : ", field '" + field + "'") + ": "
                + problem, details);
    }

    /**
     * Where a problem is.
     *
     * @param flowIndex the flow's position in the app's {@code flows}
     * @param flowId    the flow's id, or null when it has none yet
     * @param stepId    the step's id, or null for the flow itself
     */
    record Where(int flowIndex, String flowId, String stepId) {
        Where step(String id) {
            return new Where(flowIndex, flowId, id);
        }

        String name() {
            return flowId == null ? "#" + flowIndex : "'" + flowId + "'";
        }
    }
}
