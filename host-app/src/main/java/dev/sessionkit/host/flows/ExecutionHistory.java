package dev.sessionkit.host.flows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The last executions of each flow, for the editor's test panel: at most {@code perFlow} per flow, newest first;
 * older ones are dropped. In memory only (a restart forgets them).
 *
 * <p>Thread-safe.
 */
public final class ExecutionHistory {
    /** How many executions per flow the host keeps by default. */
    public static final int DEFAULT_PER_FLOW = 20;

    private final int perFlow;
    private final ConcurrentMap<String, Deque<ExecutionResult>> byFlow = new ConcurrentHashMap<>();

    /** @param perFlow how many executions to keep per flow, at least 1 */
    public ExecutionHistory(int perFlow) {
        if (perFlow < 1) throw new IllegalArgumentException("perFlow must be at least 1");
        this.perFlow = perFlow;
    }

    /** @param result a finished execution */
    public void record(ExecutionResult result) {
        Deque<ExecutionResult> recent = byFlow.computeIfAbsent(key(result.appId(), result.flowId()),
                key -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addFirst(result);
            while (recent.size() > perFlow) recent.removeLast();
        }
    }

    /**
     * @param appId  the app
     * @param flowId the flow
     * @return its last executions, newest first
     */
    public List<ExecutionResult> recent(String appId, String flowId) {
        Deque<ExecutionResult> recent = byFlow.get(key(appId, flowId));
        if (recent == null) return List.of();
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** @param appId an app that was deleted: forgets its executions */
    public void forget(String appId) {
        byFlow.keySet().removeIf(key -> key.startsWith(appId + "/"));
    }

    private static String key(String appId, String flowId) {
        return appId + "/" + flowId;
    }
}
