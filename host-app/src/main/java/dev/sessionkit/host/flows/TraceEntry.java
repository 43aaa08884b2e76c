package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What one step did in one execution, secrets already redacted.
 *
 * @param stepId     the step
 * @param path       where the step ran: its id at the top level, {@code each[2].save} inside iteration 2 of For Each
 *                   {@code each}, {@code fan.left.save} inside branch {@code left} of Parallel {@code fan}
 * @param method     the method id, or {@code for-each} / {@code parallel} for core steps
 * @param input      the resolved input (after expressions and validation), or null when it could not be resolved
 * @param output     the output after the Output Configuration, or null when the step failed
 * @param durationMs how long the step took, in milliseconds
 * @param error      {@code {"code", "message", "status"}} when the step failed, else null
 */
public record TraceEntry(String stepId, String path, String method, JsonNode input, JsonNode output,
                         double durationMs, Map<String, Object> error) {
}
