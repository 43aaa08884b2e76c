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

/**
 * How one execution of a flow ended. Immutable (the JSON values are not modified after the execution).
 *
 * @param executionId   the execution's id
 * @param appId         the app
 * @param flowId        the flow
 * @param userId        the caller's user id, or null when anonymous
 * @param startedAt     when it started, by the host's clock
 * @param durationMs    how long it took
 * @param response      the final message, or null when it failed
 * @param error         the failure, or null when it succeeded
 * @param trace         each step's entry
 * @param localSession  the LOCAL session's contents at the end, or null when not captured
 * @param globalSession the caller's GLOBAL session's contents at the end ({} without a user), or null when not
 *                      captured
 */
public record ExecutionResult(String executionId, String appId, String flowId, String userId, Instant startedAt,
                              double durationMs, JsonNode response, SessionkitException error, List<TraceEntry> trace,
                              JsonNode localSession, JsonNode globalSession) {
    /** Copies the trace. */
    public ExecutionResult {
        trace = List.copyOf(trace);
    }

    /**
     * @return this result as the history keeps it: without the session contents, and with the response and each
     *         step's input and output left out when larger than about 64 KiB
     */
    public ExecutionResult forHistory() {
        List<TraceEntry> entries = new ArrayList<>(trace.size());
        for (TraceEntry entry : trace) {
            entries.add(new TraceEntry(entry.stepId(), entry.path(), entry.method(),
                    HistorySize.bounded(entry.input()), HistorySize.bounded(entry.output()), entry.durationMs(),
                    entry.error()));
        }
        return new ExecutionResult(executionId, appId, flowId, userId, startedAt, durationMs,
                HistorySize.bounded(response), error, entries, null, null);
    }

    /**
     * @param secrets the secret values the execution handled
     * @return this result as the history and the test panel show it: every secret value hidden from the response,
     *         the trace and the session contents (this instance when there are none)
     */
    ExecutionResult redacted(SecretValues secrets) {
        if (secrets.isEmpty()) return this;
        List<TraceEntry> entries = new ArrayList<>(trace.size());
        for (TraceEntry entry : trace) {
            entries.add(new TraceEntry(entry.stepId(), entry.path(), entry.method(), secrets.redact(entry.input()),
                    secrets.redact(entry.output()), entry.durationMs(), entry.error()));
        }
        return new ExecutionResult(executionId, appId, flowId, userId, startedAt, durationMs, secrets.redact(response),
                error, entries, secrets.redact(localSession), secrets.redact(globalSession));
    }

    /** @return the HTTP status the trigger answers: 200, or the failure's */
    public int status() {
        return error == null ? 200 : ErrorMapper.status(error);
    }

    /**
     * The JSON the test route and the execution history answer: {@code {"executionId", "flowId", "userId",
     * "startedAt", "durationMs", "status", "response", "trace": [...], "session": {"local", "global"}?}} where
     * {@code response} is the final message, or the error body the trigger answered.
     *
     * @param mapper the host's mapper
     * @return the JSON form
     */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("executionId", executionId).put("flowId", flowId).put("userId", userId)
                .put("startedAt", startedAt.toString()).put("durationMs", durationMs).put("status", status());
        json.set("response", error == null ? response : mapper.valueToTree(ErrorMapper.body(error)));
        ArrayNode entries = json.putArray("trace");
        trace.forEach(entry -> entries.add(mapper.valueToTree(entry)));
        if (localSession != null) {
            ObjectNode session = json.putObject("session");
            session.set("local", localSession);
            session.set("global", globalSession);
        }
        return json;
    }
}
