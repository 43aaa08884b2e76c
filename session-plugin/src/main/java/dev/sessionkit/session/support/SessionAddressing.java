package dev.sessionkit.session.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.session.Scope;
import dev.sessionkit.api.session.SessionRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The addressing inputs every data method shares, and their resolution to a {@link SessionRef}.
 *
 * <ul>
 *   <li>{@code scope}: {@code LOCAL} (default: this execution's session), {@code GLOBAL} (the signed-in user's
 *       session in this app; 401 without a user), {@code SHARED} (a named session of the app), {@code TOKEN} (a
 *       session started by {@code session.start}).</li>
 *   <li>{@code sessionName}: the SHARED session's name; used only when {@code scope} is SHARED, ignored otherwise.</li>
 *   <li>{@code token}: the TOKEN session's token (secret); used only when {@code scope} is TOKEN, ignored otherwise.
 *       A SHARED session's token (from {@code session.start} or {@code session.open}) also works here.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class SessionAddressing {
    /** The input naming the scope. */
    public static final String SCOPE = "scope";
    /** The input naming a SHARED session. */
    public static final String SESSION_NAME = "sessionName";
    /** The input carrying a TOKEN session's token. */
    public static final String TOKEN = "token";

    private static final List<InputDescriptor> INPUTS = List.of(
            Inputs.choice(SCOPE, "Scope", "Which session to use. LOCAL: this execution's own session, gone when it "
                    + "ends. GLOBAL: the signed-in user's session in this app (needs a JWT). SHARED: a named session "
                    + "common to every caller that names it. TOKEN: a session started by Start Session, addressed by "
                    + "its token.", Scope.class, Scope.LOCAL),
            sessionNameInput().showWhen(SCOPE, List.of(Scope.SHARED.name())).build(),
            InputDescriptor.builder(TOKEN, DataType.STRING).name("Token")
                    .help("The token returned by Start Session (or Open Shared Session). Treat it as a secret: it "
                            + "grants access to the session. Used only when scope is TOKEN.")
                    .secret().showWhen(SCOPE, List.of(Scope.TOKEN.name())).build());

    private SessionAddressing() {
    }

    /** @return the {@code scope}, {@code sessionName} and {@code token} inputs, in display order */
    public static List<InputDescriptor> inputs() {
        return INPUTS;
    }

    /**
     * The {@code sessionName} input without a display condition, for methods that always need a name.
     *
     * @return a builder holding id, display name and help
     */
    public static InputDescriptor.Builder sessionNameInput() {
        return InputDescriptor.builder(SESSION_NAME, DataType.STRING).name("Session name")
                .help("The name of the SHARED session, unique in the app (as given to Start Session's 'name'). "
                        + "Used only when scope is SHARED.");
    }

    /**
     * The session the inputs address.
     *
     * @param context the execution
     * @param inputs  the validated inputs
     * @return the ref
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} when SHARED lacks
     *                                                        {@code sessionName} or TOKEN lacks {@code token}
     * @throws dev.sessionkit.api.error.UnauthorizedException for GLOBAL without a signed-in user
     */
    public static SessionRef resolve(ExecutionContext context, ObjectNode inputs) {
        Scope scope = InputValues.choice(inputs, SCOPE, Scope.class, Scope.LOCAL);
        return switch (scope) {
            case LOCAL -> context.localSession();
            case GLOBAL -> context.globalSession();
            case SHARED -> new SessionRef.Shared(context.appId(), InputValues.requiredText(inputs, SESSION_NAME,
                    "Scope SHARED addresses a session by its name: set 'sessionName'."));
            case TOKEN -> new SessionRef.Token(context.appId(), InputValues.requiredText(inputs, TOKEN,
                    "Scope TOKEN addresses a session by the token Start Session returned: set 'token'."));
        };
    }

    /**
     * The 404 for a TOKEN or SHARED session that does not exist, has ended or has expired. Never shows a token.
     *
     * @param session the session
     * @return the exception to throw, code {@code SESSION_NOT_FOUND}
     */
    public static NotFoundException notFound(SessionRef session) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(SCOPE, session.scope().name());
        String message;
        if (session instanceof SessionRef.Shared shared) {
            details.put(SESSION_NAME, shared.name());
            message = "The SHARED session '" + shared.name() + "' does not exist or has expired. Start it with "
                    + "session.start and name '" + shared.name() + "', or check the name.";
        } else {
            message = "The " + session.scope() + " session does not exist, has ended or has expired. Start a new one "
                    + "with session.start and use the token it returns.";
        }
        return new NotFoundException("SESSION_NOT_FOUND", message, details);
    }
}
