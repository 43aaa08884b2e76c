package dev.sessionkit.host.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last executions of each flow, for the editor's test panel: at most {@code perFlow} per flow, newest first;
 * older ones are dropped. In memory only (a restart forgets them).
 *
 * <p>Thread-safe and lock-free: each flow has a ring of {@code perFlow} slots written in turn, so many executions of
 * one flow record at once without waiting for each other.
 */
public final class ExecutionHistory {
    /** How many executions per flow the host keeps by default. */
    public static final int DEFAULT_PER_FLOW = 20;

    private final int perFlow;
    private final ConcurrentMap<String, Ring> byFlow = new ConcurrentHashMap<>();

    /** @param perFlow how many executions to keep per flow, at least 1 */
    public ExecutionHistory(int perFlow) {
        if (perFlow < 1) throw new IllegalArgumentException("perFlow must be at least 1");
        this.perFlow = perFlow;
    }

    /** @param result a finished execution */
    public void record(ExecutionResult result) {
        byFlow.computeIfAbsent(key(result.appId(), result.flowId()), key -> new Ring(perFlow)).add(result);
    }

    /**
     * @param appId  the app
     * @param flowId the flow
     * @return its last executions, newest first (an execution finishing meanwhile may or may not be included)
     */
    public List<ExecutionResult> recent(String appId, String flowId) {
        Ring ring = byFlow.get(key(appId, flowId));
        return ring == null ? List.of() : ring.newestFirst();
    }

    /**
     * Forgets the executions of an app's flows other than {@code flowIds}: all of them when the app is deleted (an
     * empty set), those of flows an update removed, so an app or flow created later with the same id starts with no
     * history. An execution of a forgotten flow that finishes afterwards is still recorded.
     *
     * @param appId   the app
     * @param flowIds the ids of the flows whose executions are kept
     */
    public void retain(String appId, Set<String> flowIds) {
        String prefix = key(appId, "");
        byFlow.keySet().removeIf(key -> key.startsWith(prefix) && !flowIds.contains(key.substring(prefix.length())));
    }

    private static String key(String appId, String flowId) {
        return appId + "/" + flowId;
    }

    /** The last executions of one flow: slot {@code n % size} holds the n-th one recorded. */
    private static final class Ring {
        private final AtomicReferenceArray<ExecutionResult> slots;
        private final AtomicLong recorded = new AtomicLong();

        Ring(int size) {
            slots = new AtomicReferenceArray<>(size);
        }

        void add(ExecutionResult result) {
            slots.set((int) (recorded.getAndIncrement() % slots.length()), result);
        }

        List<ExecutionResult> newestFirst() {
            long last = recorded.get();
            List<ExecutionResult> results = new ArrayList<>();
            for (long n = last - 1; n >= Math.max(0, last - slots.length()); n--) {
                ExecutionResult result = slots.get((int) (n % slots.length()));
                if (result != null) results.add(result);
            }
            return results;
        }
    }
}
