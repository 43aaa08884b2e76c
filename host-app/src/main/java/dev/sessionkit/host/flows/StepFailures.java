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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors of a failing step: the original failure, with the same status and code, whose message and details also
 * name the flow, the step and the method (and the plugin, and the Parallel branch when there is one). A failure that
 * already names its step (from a step nested in For Each or Parallel) passes through, so the innermost step is named.
 *
 * <p>Stateless.
 */
final class StepFailures {
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
