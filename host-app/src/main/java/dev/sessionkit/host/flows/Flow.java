package dev.sessionkit.host.flows;

import java.time.Duration;
import java.util.List;

/**
 * An API flow: a REST trigger and an ordered list of steps, run once per request. Immutable.
 *
 * @param id           the flow id, unique in its app
 * @param name         the display name
 * @param trigger      the REST trigger
 * @param steps        the steps, in order
 * @param timeout      how long one execution may take (default 30 s)
 * @param maxBodyBytes the largest request body the trigger accepts (default 5 MB)
 * @param readsRequest whether an expression reads {@code request.*} (when none does, a run skips copying the
 *                     request's headers and query)
 */
public record Flow(String id, String name, RestTrigger trigger, List<FlowStep> steps, Duration timeout,
                   long maxBodyBytes, boolean readsRequest) {
    /** The timeout of a flow that sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The body limit of a flow that sets none: 5 MB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 5L * 1024 * 1024;

    /** Copies the steps. */
    public Flow {
        steps = List.copyOf(steps);
    }
}
