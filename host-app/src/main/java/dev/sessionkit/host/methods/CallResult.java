package dev.sessionkit.host.methods;

import dev.sessionkit.api.MethodResult;

/**
 * The outcome of a direct method call.
 *
 * @param methodId    the method that ran
 * @param pluginId    the plugin that contributes it
 * @param executionId the call's execution id (its LOCAL session's id, ended by now)
 * @param result      what the method returned
 */
public record CallResult(String methodId, String pluginId, String executionId, MethodResult result) {
}
