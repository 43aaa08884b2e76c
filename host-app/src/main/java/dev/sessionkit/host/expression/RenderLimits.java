package dev.sessionkit.host.expression;

import dev.sessionkit.api.session.SessionLimits;

/**
 * How much text templates may render. A template that mixes text with expressions ({@code "{{ message.b }}-{{
 * message.b }}"}) builds a string, and a short template over a large message could otherwise build one thousands of
 * times the size of the request (4,000 copies of a 200 KB field are 800 MB). Each such template renders at most
 * {@code perTemplate} characters, and all the templates evaluated for one step (or one direct call) together at most
 * {@code perEvaluation}; past either, the evaluation stops at once with {@code 413 EXPRESSION_RESULT_TOO_LARGE}
 * ({@link RenderBudget}). A template that is exactly one expression copies nothing and is not counted.
 *
 * @param perTemplate   the most characters one template renders, at least 1
 * @param perEvaluation the most characters the templates of one evaluation render together, at least
 *                      {@code perTemplate}
 */
public record RenderLimits(long perTemplate, long perEvaluation) {
    /** How many templates of the largest size one step may render. */
    static final int TEMPLATES_PER_EVALUATION = 16;

    /** The limits that follow the store's: {@link #of} the default value size (64 KiB). */
    public static final RenderLimits DEFAULTS = of(SessionLimits.DEFAULTS.maxValueBytes());

    /** Checks the limits. */
    public RenderLimits {
        if (perTemplate < 1 || perEvaluation < perTemplate) {
            throw new IllegalArgumentException("perTemplate must be positive and perEvaluation at least perTemplate");
        }
    }

    /**
     * The limits for a store whose values hold at most {@code maxValueBytes}: a rendered text longer than that could
     * not be stored as one value anyway (every character is at least one byte of JSON).
     *
     * @param maxValueBytes the store's value size limit
     * @return that many characters per template, {@value #TEMPLATES_PER_EVALUATION} times as many per evaluation
     */
    public static RenderLimits of(long maxValueBytes) {
        long perEvaluation = maxValueBytes > Long.MAX_VALUE / TEMPLATES_PER_EVALUATION ? Long.MAX_VALUE
                : maxValueBytes * TEMPLATES_PER_EVALUATION;
        return new RenderLimits(maxValueBytes, perEvaluation);
    }
}
