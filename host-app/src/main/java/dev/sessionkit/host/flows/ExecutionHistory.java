package dev.sessionkit.host.flows;

import java.util.List;
import java.util.Set;

/**
 * The last executions of each flow, for the editor's test panel and {@code GET .../executions}: at most a fixed number
 * per flow ({@link #DEFAULT_PER_FLOW} in the host), newest first; older ones are dropped.
 *
 * <p>{@link InMemoryExecutionHistory} keeps them in this host's memory (one host; a restart forgets them).
 * {@link RedisExecutionHistory} keeps them in Redis (cluster mode): an execution run through any host is listed by
 * every host. Both pass {@code ExecutionHistoryContract}.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #record} takes the history form of a result ({@link ExecutionResult#forHistory()}): what it keeps shows
 *       no secret value the execution handled, and {@link #recent} answers views whose {@link
 *       RecordedExecution#toJson} and {@link RecordedExecution#toSummaryJson} equal the recorded result's. An
 *       implementation that keeps executions outside the host's memory keeps only those rendered forms, never the
 *       secret values themselves.</li>
 *   <li>Once {@link #record} returns, {@link #recent} lists the execution on every host sharing the history (until
 *       newer ones push it out). The bound holds per flow under any number of concurrent writers, on any host.</li>
 *   <li>The history is diagnostics, not data: {@link #record} and {@link #retain} never fail the request that calls
 *       them. When the store cannot be reached they log it (once, until it can be reached again) and the history
 *       misses that execution or that clean-up ({@link #retain} with the app's current flows repairs it later).
 *       {@link #recent} throws {@link dev.sessionkit.api.error.ServiceUnavailableException} {@code
 *       SHARED_STATE_UNAVAILABLE} (503) then, quickly, never hangs.</li>
 *   <li>Arguments are never null. Thread-safe.</li>
 * </ul>
 */
public interface ExecutionHistory {
    /** How many executions per flow the host keeps by default. */
    int DEFAULT_PER_FLOW = 20;

    /** @param result a finished execution, in its history form ({@link ExecutionResult#forHistory()}) */
    void record(ExecutionResult result);

    /**
     * @param appId  the app
     * @param flowId the flow
     * @return its last executions, newest first (an execution finishing meanwhile may or may not be included); empty
     *         for a flow without any
     * @throws dev.sessionkit.api.error.ServiceUnavailableException code {@code SHARED_STATE_UNAVAILABLE} when the
     *                                                              history is kept in Redis and Redis cannot be
     *                                                              reached
     */
    List<RecordedExecution> recent(String appId, String flowId);

    /**
     * Forgets the executions of an app's flows other than {@code flowIds}: all of them when the app is deleted (an
     * empty set), those of flows an update removed, so an app or flow created later with the same id starts with no
     * history. An execution of a forgotten flow that finishes afterwards is still recorded.
     *
     * @param appId   the app
     * @param flowIds the ids of the flows whose executions are kept
     */
    void retain(String appId, Set<String> flowIds);
}
