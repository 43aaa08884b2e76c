package dev.sessionkit.host.flows;

/**
 * One step of a flow: a plugin method ({@link MethodStep}) or a core step running sub-processes
 * ({@link ForEachStep}, {@link ParallelStep}). Immutable.
 */
public sealed interface FlowStep permits MethodStep, ForEachStep, ParallelStep {
    /** @return the step's id, unique in its flow (nested steps included) */
    String id();
}
