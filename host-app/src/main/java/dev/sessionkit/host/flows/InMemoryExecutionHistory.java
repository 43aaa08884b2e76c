package dev.sessionkit.host.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@link ExecutionHistory} of one host, in its memory: at most {@code perFlow} executions per flow, newest first;
 * older ones are dropped, and a restart forgets them all. It keeps the results themselves and renders them when read
 * (so recording costs a slot write, never a JSON rendering).
 *
 * <p>Thread-safe and lock-free: each flow has a ring of {@code perFlow} slots written in turn, so many executions of
 * one flow record at once without waiting for each other.
 */
public final class InMemoryExecutionHistory implements ExecutionHistory {
    private final int perFlow;
    private final ConcurrentMap<String, Ring> byFlow = new ConcurrentHashMap<>();

    /** @param perFlow how many executions to keep per flow, at least 1 */
    public InMemoryExecutionHistory(int perFlow) {
        if (perFlow < 1) throw new IllegalArgumentException("perFlow must be at least 1");
        this.perFlow = perFlow;
    }

    @Override
    public void record(ExecutionResult result) {
        byFlow.computeIfAbsent(key(result.appId(), result.flowId()), key -> new Ring(perFlow)).add(result);
    }

    @Override
    public List<RecordedExecution> recent(String appId, String flowId) {
        Ring ring = byFlow.get(key(appId, flowId));
        return ring == null ? List.of() : ring.newestFirst();
    }

    @Override
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

        List<RecordedExecution> newestFirst() {
            long last = recorded.get();
            List<RecordedExecution> results = new ArrayList<>();
            for (long n = last - 1; n >= Math.max(0, last - slots.length()); n--) {
                ExecutionResult result = slots.get((int) (n % slots.length()));
                if (result != null) results.add(result);
            }
            return results;
        }
    }
}
