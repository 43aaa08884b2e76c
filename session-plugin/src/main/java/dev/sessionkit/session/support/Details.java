package dev.sessionkit.session.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Markdown <em>Details</em> section of a method's help, laid out as in Node-RED: what the method does,
 * then {@code ### Errors} (one bullet per error: status, code, cause, fix), then {@code ### Example}. The errors every
 * addressed method shares are written once here, so all methods word them alike.
 *
 * <p>Not thread-safe; build once per descriptor.
 */
public final class Details {
    private final StringBuilder text = new StringBuilder();
    private final List<String> errors = new ArrayList<>();
    private final List<String> examples = new ArrayList<>();

    private Details(String summary) {
        text.append(summary);
    }

    /**
     * Starts the section.
     *
     * @param summary what the method does, one or more sentences
     * @return a builder
     */
    public static Details of(String summary) {
        return new Details(summary);
    }

    /**
     * Adds a paragraph.
     *
     * @param paragraph Markdown text
     * @return this
     */
    public Details paragraph(String paragraph) {
        text.append("\n\n").append(paragraph);
        return this;
    }

    /**
     * Adds an error bullet.
     *
     * @param statusAndCode such as {@code 409 VERSION_CONFLICT}
     * @param explanation   when it happens and how to fix it
     * @return this
     */
    public Details error(String statusAndCode, String explanation) {
        errors.add("- **" + statusAndCode + "**: " + explanation);
        return this;
    }

    /**
     * Adds the errors of the addressing inputs: 400 for a missing session name or token, 401 for GLOBAL without a
     * user, and (unless the method answers instead) 404 for a TOKEN or SHARED session that is gone.
     *
     * @param notFound whether a missing TOKEN or SHARED session is a 404 for this method
     * @return this
     */
    public Details addressingErrors(boolean notFound) {
        error("400 INVALID_INPUT", "scope SHARED without `sessionName`, or scope TOKEN without `token`; the "
                + "violation names the input to set.");
        authenticationError("scope GLOBAL");
        if (notFound) {
            error("404 SESSION_NOT_FOUND", "the TOKEN or SHARED session does not exist, was ended or has expired. "
                    + "Start a new one with Start Session (check with Session Exist first if that is expected).");
        }
        return this;
    }

    /**
     * Adds the 401 of a call that needs a signed-in user and has none.
     *
     * @param when what needs the user, such as "scope GLOBAL"
     * @return this
     */
    public Details authenticationError(String when) {
        return error("401 AUTHENTICATION_REQUIRED", when + " in a request without a valid JWT. Sign in with "
                + "POST /api/auth/login and send `Authorization: Bearer <token>`.");
    }

    /**
     * Adds the errors of the store's limits, for methods that write.
     *
     * @return this
     */
    public Details limitErrors() {
        error("413 VALUE_TOO_LARGE", "one value is larger, as JSON, than the per-value limit (64 KiB by default); "
                + "details name the parameter, its size and the limit. Store smaller values.");
        error("507 SESSION_FULL / STORE_FULL", "the session would hold more parameters than allowed (1,000 by "
                + "default) or the store is full. Nothing is stored and nothing already stored is evicted: delete "
                + "parameters or end sessions you no longer need.");
        return this;
    }

    /**
     * Adds an example.
     *
     * @param example Markdown text, typically a call and what it returns
     * @return this
     */
    public Details example(String example) {
        examples.add(example);
        return this;
    }

    /** @return the Markdown text */
    public String build() {
        StringBuilder out = new StringBuilder(text);
        if (!errors.isEmpty()) {
            out.append("\n\n### Errors\n").append(String.join("\n", errors));
        }
        if (!examples.isEmpty()) {
            out.append("\n\n### Example\n").append(String.join("\n\n", examples));
        }
        return out.toString();
    }
}
