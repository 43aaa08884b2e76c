package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.host.http.ErrorMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one execution of a flow ended. Immutable (the JSON values are not modified after the execution).
 *
 * @param executionId   the execution's id
 * @param appId         the app
 * @param flowId        the flow
 * @param userId        the id of the user it ran as, or null when anonymous
 * @param runBy         the id of the signed-in user who started it (for a test run as another user, the admin who
 *                      asked), or null when anonymous
 * @param startedAt     when it started, by the host's clock
 * @param durationMs    how long it took
 * @param response      the final message, or null when it failed
 * @param error         the failure, or null when it succeeded
 * @param trace         each step's entry
 * @param localSession  the LOCAL session's contents at the end, or null when not captured
 * @param globalSession the caller's GLOBAL session's contents at the end ({} without a user), or null when not
 *                      captured
 * @param secrets       the secret values the execution handled, hidden by {@link #toJson} wherever they appear
 */
public record ExecutionResult(String executionId, String appId, String flowId, String userId, String runBy,
                              Instant startedAt,
                              double durationMs, JsonNode response, SessionkitException error, List<TraceEntry> trace,
                              JsonNode localSession, JsonNode globalSession, SecretValues secrets)
        implements RecordedExecution {
    /** Copies the trace. */
    public ExecutionResult {
        trace = List.copyOf(trace);
        Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * @return this result as the history keeps it: without the session contents, with the response and each step's
     *         input and output left out when larger than about 64 KiB, and with secret values already hidden in the
     *         response and the steps' inputs and outputs; errors are rendered, and their secret values hidden, when
     *         read, so the result keeps the execution's secret values for that
     */
    public ExecutionResult forHistory() {
        List<TraceEntry> entries = new ArrayList<>(trace.size());
        for (TraceEntry entry : trace) {
            entries.add(new TraceEntry(entry.stepId(), entry.path(), entry.method(),
                    secrets.redact(HistorySize.bounded(entry.input())),
                    secrets.redact(HistorySize.bounded(entry.output())), entry.durationMs(), entry.error()));
        }
        return new ExecutionResult(executionId, appId, flowId, userId, runBy, startedAt, durationMs,
                secrets.redact(HistorySize.bounded(response)), error, entries, null, null, secrets);
    }

    /** @return the HTTP status the trigger answers: 200, or the failure's */
    public int status() {
        return error == null ? 200 : ErrorMapper.status(error);
    }

    /**
     * The JSON the test route and the execution history answer: {@code {"executionId", "flowId", "userId", "runBy",
     * "startedAt", "durationMs", "status", "detail": "FULL", "response", "trace": [...], "session": {"local",
     * "global"}?}} where
     * {@code response} is the final message, or the error body the trigger answered. Every secret value the
     * execution handled is hidden wherever it appears ({@link SecretValues}): this is what admins and builders see,
     * while the trigger's caller got the real response (and an error with the same values hidden).
     *
     * @param mapper the host's mapper
     * @return the JSON form
     */
    @Override
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("executionId", executionId).put("flowId", flowId).put("userId", userId).put("runBy", runBy)
                .put("startedAt", startedAt.toString()).put("durationMs", durationMs).put("status", status())
                .put("detail", "FULL");
        json.set("response", secrets.redact(error == null ? response : mapper.valueToTree(ErrorMapper.body(error))));
        ArrayNode entries = json.putArray("trace");
        trace.forEach(entry -> entries.add(secrets.redact(mapper.valueToTree(entry))));
        if (localSession != null) {
            ObjectNode session = json.putObject("session");
            session.set("local", secrets.redact(localSession));
            session.set("global", secrets.redact(globalSession));
        }
        return json;
    }

    /**
     * What the execution history shows of an execution someone else ran: {@code {"executionId", "flowId",
     * "startedAt", "durationMs", "status", "detail": "SUMMARY", "errorCode", "trace": [{"stepId", "path", "method",
     * "durationMs", "error": {"code", "status"} or null}]}}. No message, response, input, output, session content,
     * error message or user id: only the status, the timings and the error codes.
     *
     * @param mapper the host's mapper
     * @return the summary
     */
    @Override
    public ObjectNode toSummaryJson(ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("executionId", executionId).put("flowId", flowId).put("startedAt", startedAt.toString())
                .put("durationMs", durationMs).put("status", status()).put("detail", "SUMMARY")
                .put("errorCode", error == null ? null : error.code());
        ArrayNode entries = json.putArray("trace");
        for (TraceEntry entry : trace) {
            ObjectNode step = entries.addObject().put("stepId", entry.stepId()).put("path", entry.path())
                    .put("method", entry.method()).put("durationMs", entry.durationMs());
            if (entry.error() == null) {
                step.putNull("error");
            } else {
                step.putObject("error").put("code", String.valueOf(entry.error().get("code")))
                        .set("status", mapper.valueToTree(entry.error().get("status")));
            }
        }
        return json;
    }
}
