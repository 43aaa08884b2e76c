package dev.sessionkit.host.flows;

/**
 * Counts finished flow executions by app and outcome, for metrics. Called once per execution on its thread; must be
 * fast and lock-free and must not throw.
 */
@FunctionalInterface
public interface ExecutionCounter {
    /** Counts nothing. */
    ExecutionCounter NONE = (appId, outcome) -> { };

    /** How an execution ended. */
    enum Outcome {
        /** It ran to its end. */
        OK,
        /** A step refused it (a 4xx: bad input, no sign-in, a full session...). */
        REFUSED,
        /** A step or the host failed (a 5xx other than the timeout). */
        FAILED,
        /** It ran over its flow's timeout (504 FLOW_TIMEOUT). */
        TIMED_OUT
    }

    /**
     * @param appId   the app of the flow
     * @param outcome how it ended
     */
    void finished(String appId, Outcome outcome);
}
