package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An execution as the {@link ExecutionHistory} shows it: in full or as a summary (FlowRoutes chooses which by who
 * asks). An {@link ExecutionResult} is one; {@link RedisExecutionHistory} answers the forms it stored.
 */
public interface RecordedExecution {
    /** @return the execution's id */
    String executionId();

    /** @return the id of the signed-in user who started it, or null when anonymous */
    String runBy();

    /**
     * @param mapper the host's mapper
     * @return the full form, secret values hidden ({@link ExecutionResult#toJson})
     */
    ObjectNode toJson(ObjectMapper mapper);

    /**
     * @param mapper the host's mapper
     * @return the summary: status, timings and error codes only ({@link ExecutionResult#toSummaryJson})
     */
    ObjectNode toSummaryJson(ObjectMapper mapper);
}
