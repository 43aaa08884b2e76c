package dev.sessionkit.host.flows;

import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.ForbiddenException;
import dev.sessionkit.api.error.GatewayTimeoutException;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.MethodFailedException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.error.UnauthorizedException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errors of a failing step: the original failure, with the same status and code, whose message and details also
 * name the flow, the step and the method (and the plugin, and the Parallel branch when there is one). A failure that
 * already names its step (from a step nested in For Each or Parallel) passes through, so the innermost step is named.
 *
 * <p>Stateless.
 */
final class StepFailures {
    /** A row's value, as validators name it: {@code parameters[1].value}. */
    private static final Pattern ROW_VALUE = Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\[(\\d{1,6})]\\.value");

    private StepFailures() {
    }

    /**
     * @param flow     the flow
     * @param stepId   the failing step
     * @param methodId its method, or {@code for-each} / {@code parallel}
     * @param pluginId the method's plugin, or null
     * @param failure  what went wrong
     * @return the failure naming the step
     */
    static SessionkitException of(Flow flow, String stepId, String methodId, String pluginId,
                                  SessionkitException failure) {
        if (namesAStep(failure)) return failure;
        Map<String, Object> details = new LinkedHashMap<>(failure.details());
        details.put("flowId", flow.id());
        details.put("stepId", stepId);
        details.put("methodId", methodId);
        if (pluginId != null) details.put("pluginId", pluginId);
        return copy(failure, "Flow '" + flow.id() + "', step '" + stepId + "' (" + methodId + ") failed: "
                + failure.getMessage(), details);
    }

    /**
     * The failure of a method step, naming the step as {@link #of} does. When an input the step fills from an
     * expression is missing ({@code REQUIRED}), the message also says so and quotes the expression: the fix is
     * upstream (an earlier step, the caller's message, the user the flow runs as), not in the step's own form.
     *
     * @param flow     the flow
     * @param step     the failing step
     * @param pluginId the method's plugin
     * @param failure  what went wrong
     * @return the failure naming the step
     */
    static SessionkitException ofMethod(Flow flow, MethodStep step, String pluginId, SessionkitException failure) {
        SessionkitException named = of(flow, step.id(), step.methodId(), pluginId, failure);
        if (named == failure || !(failure instanceof InvalidInputException)) return named;
        StringBuilder hints = new StringBuilder();
        if (failure.details().get("violations") instanceof List<?> violations) {
            for (Object item : violations) {
                if (!(item instanceof Map<?, ?> violation) || !"REQUIRED".equals(violation.get("code"))) continue;
                String field = String.valueOf(violation.get("field"));
                String expression = expressionOf(step.input(), field);
                if (expression == null) continue;
                hints.append(" '").append(field).append("' comes from the expression ").append(expression)
                        .append(", which gave no value (or an empty text) in this execution: check that an earlier "
                        + "step or the request holds what it reads (in the editor's test panel, the body and the "
                        + "user the flow runs as).");
            }
        }
        return hints.isEmpty() ? named : copy(named, named.getMessage() + hints, named.details());
    }

    /**
     * @param input the step's configured input
     * @param field a violation's field: an input ({@code token}) or a row's value ({@code parameters[1].value})
     * @return the expression that filled it, or null when it was not filled from an expression
     */
    private static String expressionOf(JsonNode input, String field) {
        Matcher row = ROW_VALUE.matcher(field);
        JsonNode configured = row.matches() ? input.path(row.group(1)).path(Integer.parseInt(row.group(2)))
                : input.path(field);
        return "EXPRESSION".equals(configured.path("valueType").asText()) ? configured.path("value").asText() : null;
    }

    /**
     * @param step    the Parallel step
     * @param branch  the failing branch
     * @param failure the branch's failure (naming its step, or not)
     * @return the failure naming the branch too
     */
    static SessionkitException ofBranch(ParallelStep step, String branch, SessionkitException failure) {
        Map<String, Object> details = new LinkedHashMap<>(failure.details());
        details.put("parallelStepId", step.id());
        details.put("branchId", branch);
        return copy(failure, "Branch '" + branch + "' of parallel step '" + step.id() + "': " + failure.getMessage(),
                details);
    }

    /**
     * @param flow     the flow
     * @param step     the step
     * @param pluginId the plugin that provided the method when the app was saved, or null
     * @return the failure of a step whose method is not installed (its plugin removed or disabled): 500
     *         {@code PLUGIN_UNAVAILABLE} naming the plugin
     */
    static SessionkitException pluginUnavailable(Flow flow, MethodStep step, String pluginId) {
        String plugin = pluginId != null ? pluginId : "providing '" + step.methodId() + "'";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("flowId", flow.id());
        details.put("stepId", step.id());
        details.put("methodId", step.methodId());
        details.put("pluginId", pluginId);
        return new MethodFailedException("PLUGIN_UNAVAILABLE", "Flow '" + flow.id() + "', step '" + step.id()
                + "' uses method '" + step.methodId() + "' of plugin '" + plugin + "', which is not installed or is "
                + "disabled. Install or enable the plugin (GET /api/plugins shows its state), or change the step.",
                details, null);
    }

    private static boolean namesAStep(SessionkitException failure) {
        return failure.details().containsKey("flowId") && failure.details().containsKey("stepId");
    }

    private static SessionkitException copy(SessionkitException e, String message, Map<String, Object> details) {
        String code = e.code();
        if (e instanceof InvalidInputException) return new InvalidInputException(code, message, details);
        if (e instanceof UnauthorizedException) return new UnauthorizedException(code, message, details);
        if (e instanceof ForbiddenException) return new ForbiddenException(code, message, details);
        if (e instanceof NotFoundException) return new NotFoundException(code, message, details);
        if (e instanceof ConflictException) return new ConflictException(code, message, details);
        if (e instanceof PayloadTooLargeException) return new PayloadTooLargeException(code, message, details);
        if (e instanceof InsufficientStorageException) return new InsufficientStorageException(code, message, details);
        if (e instanceof GatewayTimeoutException) return new GatewayTimeoutException(code, message, details);
        if (e instanceof TooManyRequestsException tooMany) {
            return new TooManyRequestsException(code, message, details, tooMany.retryAfter());
        }
        return new MethodFailedException(code, message, details, e.getCause() != null ? e.getCause() : e);
    }
}
