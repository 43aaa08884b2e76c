package dev.sessionkit.host.flows;

import java.util.List;

/**
 * Parallel: runs its branches concurrently and joins them.
 *
 * <p>Each branch's message starts as a copy of the step's incoming message. When every branch succeeded, their final
 * messages are written to the message at {@link #target()} as an object by branch id; when one fails, the step fails
 * with that branch's error, naming the branch (the first failing one in declaration order).
 *
 * @param id       the step id
 * @param scoped   whether each branch works on its own copy-on-write LOCAL session
 * @param branches the branches, at least one
 * @param target   where the results go in the message
 */
public record ParallelStep(String id, boolean scoped, List<Branch> branches, MessagePath target)
        implements FlowStep {
    /** Copies the branches. */
    public ParallelStep {
        branches = List.copyOf(branches);
    }

    /**
     * One branch.
     *
     * @param id    the branch id, unique in its step
     * @param steps its steps
     */
    public record Branch(String id, List<FlowStep> steps) {
        /** Copies the steps. */
        public Branch {
            steps = List.copyOf(steps);
        }
    }
}
