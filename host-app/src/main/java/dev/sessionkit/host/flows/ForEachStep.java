package dev.sessionkit.host.flows;

import dev.sessionkit.host.expression.Template;
import java.util.List;

/**
 * For Each: runs its steps once per element of an array, in order, one sub-process per element.
 *
 * <p>Each iteration's message starts as a copy of the element when it is an object, else as {@code {}};
 * {@code {{ item }}} and {@code {{ index }}} are the element and its position. The iterations' final messages are
 * collected, in order, into an array written to the message at {@link #target()}.
 *
 * @param id     the step id
 * @param items  the template giving the array (null counts as empty)
 * @param scoped whether each iteration works on its own copy-on-write LOCAL session
 * @param steps  the steps of one iteration
 * @param target where the results go in the message
 */
public record ForEachStep(String id, Template items, boolean scoped, List<FlowStep> steps, MessagePath target)
        implements FlowStep {
    /** Copies the steps. */
    public ForEachStep {
        steps = List.copyOf(steps);
    }
}
