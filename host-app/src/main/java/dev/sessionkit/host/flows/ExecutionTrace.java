package dev.sessionkit.host.flows;

import java.util.ArrayList;
import java.util.List;

/**
 * The trace of one execution: a {@link TraceEntry} per step run, in the order the steps finished (Parallel branches
 * interleave).
 *
 * <p>Thread-safe: branches record concurrently.
 */
public final class ExecutionTrace {
    private final List<TraceEntry> entries = new ArrayList<>();

    /** @param entry a finished step */
    public synchronized void record(TraceEntry entry) {
        entries.add(entry);
    }

    /** @return the entries so far, a copy */
    public synchronized List<TraceEntry> entries() {
        return List.copyOf(entries);
    }
}
