package dev.sessionkit.host.flows;

import dev.sessionkit.api.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems found while checking an app's flows, so that a save refused answers all of them at once and an editor
 * can show each next to its step and field. The parser and the validator go on past a step that does not validate
 * (its siblings, the other flows) and add each problem here; {@link #throwIfAny} then refuses the save with the first
 * problem's code, message and details (so a client reading only those still finds the first one), the message
 * saying how many more there are, and {@code details.errors} listing every problem in order as
 * {@code {"code", "message", "flowId", "stepId", "field", "flowIndex"}}.
 *
 * <p>Not thread-safe: one instance per check, on one thread.
 */
final class FlowProblems {
    /** At most this many problems are listed; a definition with more has one broken thing repeated. */
    static final int MAX_LISTED = 100;

    private final List<InvalidInputException> found = new ArrayList<>();

    /** @param problem a 400 naming the flow, the step and the field ({@link FlowErrors}) */
    void add(InvalidInputException problem) {
        found.add(problem);
    }

    /** @return how many problems were added */
    int count() {
        return found.size();
    }

    /**
     * @throws InvalidInputException the first problem's code, its message (plus how many more), its details plus
     *                               {@code errors}; nothing when no problem was added
     */
    void throwIfAny() {
        if (found.isEmpty()) return;
        InvalidInputException first = found.get(0);
        List<Map<String, Object>> errors = new ArrayList<>();
        for (InvalidInputException problem : found.subList(0, Math.min(found.size(), MAX_LISTED))) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", problem.code());
            error.put("message", problem.getMessage());
            for (String key : new String[] {"flowId", "stepId", "field", "flowIndex"}) {
                error.put(key, problem.details().get(key));
            }
            errors.add(error);
        }
        Map<String, Object> details = new LinkedHashMap<>(first.details());
        details.put("errors", errors);
        String more = found.size() == 1 ? "" : " (and " + (found.size() - 1) + " more problem"
                + (found.size() == 2 ? "" : "s") + ", each in details.errors)";
        throw new InvalidInputException(first.code(), first.getMessage() + more, details);
    }
}
