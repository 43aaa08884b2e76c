package dev.sessionkit.host.expression;

import dev.sessionkit.api.error.PayloadTooLargeException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the templates of one evaluation (one step's inputs, one direct call's) may still render under
 * {@link RenderLimits}. Each text a template appends is checked before it is appended, so an oversized result is
 * refused before it is built.
 *
 * <p>Not thread-safe: confined to its evaluation's thread, as its {@link ExpressionScope} is.
 */
public final class RenderBudget {
    private final RenderLimits limits;
    private long rendered;

    /** @param limits the limits */
    public RenderBudget(RenderLimits limits) {
        this.limits = limits;
    }

    /**
     * Appends a part of a template's text, when it fits.
     *
     * @param template the template being rendered
     * @param text     its text so far
     * @param part     the next part
     * @throws PayloadTooLargeException code {@code EXPRESSION_RESULT_TOO_LARGE} when the template's text or the
     *                                  evaluation's would pass its limit; {@code text} is then left as it was
     */
    void append(Template template, StringBuilder text, String part) {
        if (text.length() + (long) part.length() > limits.perTemplate()) {
            throw tooLarge(template, "The template " + Template.quote(template.source()) + " renders more than "
                    + limits.perTemplate() + " characters, the size a session value may have.", limits.perTemplate());
        }
        if (rendered + part.length() > limits.perEvaluation()) {
            throw tooLarge(template, "The templates of this step render more than " + limits.perEvaluation()
                    + " characters together (at " + Template.quote(template.source()) + ").", limits.perEvaluation());
        }
        rendered += part.length();
        text.append(part);
    }

    private static PayloadTooLargeException tooLarge(Template template, String what, long limit) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expression", Template.shortened(template.source()));
        details.put("limit", limit);
        return new PayloadTooLargeException("EXPRESSION_RESULT_TOO_LARGE", what + " Render less: refer to smaller "
                + "fields, or use fewer expressions in one text.", details);
    }
}
