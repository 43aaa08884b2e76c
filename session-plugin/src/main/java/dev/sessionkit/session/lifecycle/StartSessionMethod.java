package dev.sessionkit.session.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.session.OnExpiry;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.SessionMethod;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.InputValues;
import dev.sessionkit.session.support.Inputs;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code session.start} (Start Session): creates a TOKEN session, or a SHARED one when {@code name} is given, with
 * optional absolute TTL and idle timeout, and returns its token.
 *
 * <p>Logs one debug line per session started, with its public session id, never the token. Stateless and
 * thread-safe.
 */
public final class StartSessionMethod extends SessionMethod {
    /** The method id. */
    public static final String ID = "session.start";
    /** The longest TTL or idle timeout accepted: ten years, in seconds. */
    public static final long MAX_SECONDS = 10L * 365 * 24 * 60 * 60;

    private static final Logger LOG = LoggerFactory.getLogger(StartSessionMethod.class);
    private static final String NAME = "name";
    private static final String TTL = "ttlSeconds";
    private static final String IDLE = "idleTimeoutSeconds";
    private static final String EXTEND_ON_GET = "extendOnGet";
    private static final String EXTEND_ON_SET = "extendOnSet";
    private static final String ON_EXPIRY = "onExpiry";

    private static final MethodDescriptor DESCRIPTOR = MethodDescriptor.builder(ID).name("Start Session")
            .description("Creates a TOKEN session (or a named SHARED one) and returns its token.")
            .input(InputDescriptor.builder(NAME, DataType.STRING).name("Name")
                    .help("Optional. Makes it a SHARED session with this name, unique in the app: every caller "
                            + "can then reach it with scope SHARED and this name. Empty: an anonymous TOKEN "
                            + "session, reachable only with its token.").build())
            .input(seconds(TTL, "Time to live (s)", "Optional. The session expires this many seconds after it "
                    + "starts (or after the last Extend Session), whatever the activity."))
            .input(seconds(IDLE, "Idle timeout (s)", "Optional. The session expires after this many seconds "
                    + "without activity (see Extend on get / Extend on set)."))
            .input(Inputs.flag(EXTEND_ON_GET, "Extend on get", "Reads restart the idle timer (sliding expiry). "
                    + "Only matters with an idle timeout.", true))
            .input(Inputs.flag(EXTEND_ON_SET, "Extend on set", "Writes restart the idle timer (sliding expiry). "
                    + "Only matters with an idle timeout.", true))
            .input(Inputs.choice(ON_EXPIRY, "On expiry", "END_SESSION: the session and its data are deleted and "
                    + "the token stops working. DELETE_DATA: the data is deleted but the session stays usable "
                    + "under the same token.", OnExpiry.class, OnExpiry.END_SESSION))
            .output(new OutputDescriptor(DataType.OBJECT, "{\"token\", \"expiresAt\"}: the token to hand back in "
                    + "later calls (scope TOKEN), a secret; and when the session expires if nothing happens "
                    + "(ISO-8601, null when it never expires by time). Meta: 'sessionId' (a public id for admin "
                    + "views, not the token), 'shared', 'secret' (['token']: traces and the history hide it)."))
            .details(Details.of("Creates a session that outlives this execution, for data that belongs to "
                            + "neither one execution nor one user: an anonymous shopping basket (TOKEN), or "
                            + "settings common to many flows (SHARED, with a `name`). The token is unguessable; "
                            + "return it to the caller, who hands it back later as `token` with scope TOKEN.")
                    .paragraph("**Expiry.** With `ttlSeconds` the session expires that long after its start (or "
                            + "after the last Extend Session); with `idleTimeoutSeconds`, after that long without "
                            + "activity, where reads (`extendOnGet`) and writes (`extendOnSet`) count as activity "
                            + "by default and Extend Session always does. With both, whichever comes first. With "
                            + "neither, it lives until End Session. `onExpiry` says what expiry does: END_SESSION "
                            + "deletes the session (the token then gives 404), DELETE_DATA deletes only the data "
                            + "and the next write starts a new period.")
                    .error("400 INVALID_INPUT", "`ttlSeconds` or `idleTimeoutSeconds` is not a whole number "
                            + "between 1 and " + MAX_SECONDS + " (ten years), or `onExpiry` is not END_SESSION or "
                            + "DELETE_DATA.")
                    .error("409 SESSION_NAME_TAKEN", "a live SHARED session already has this `name`. Use Open "
                            + "Shared Session to get its token, or End Session it first.")
                    .example("Inputs `{\"idleTimeoutSeconds\": 1800}` at 10:00 UTC output `{\"token\": "
                            + "\"<secret>\", \"expiresAt\": \"2026-01-01T10:30:00Z\"}`.")
                    .build())
            .example(Descriptors.example("{\"ttlSeconds\": 86400, \"idleTimeoutSeconds\": 1800, "
                    + "\"onExpiry\": \"END_SESSION\"}"))
            .build();

    /** Creates the method. */
    public StartSessionMethod() {
        super(DESCRIPTOR);
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        SessionSpec spec = new SessionSpec(InputValues.text(inputs, NAME), duration(inputs, TTL),
                duration(inputs, IDLE), InputValues.flag(inputs, EXTEND_ON_GET, true),
                InputValues.flag(inputs, EXTEND_ON_SET, true),
                InputValues.choice(inputs, ON_EXPIRY, OnExpiry.class, OnExpiry.END_SESSION));
        SessionInfo info = context.sessions().start(context.appId(), spec);
        LOG.debug("Started {} session {} in app {}", info.scope(), info.sessionId(), context.appId());
        return SessionOutputs.token(info);
    }

    private static InputDescriptor seconds(String id, String name, String help) {
        return InputDescriptor.builder(id, DataType.INTEGER).name(name).help(help + " Between 1 and "
                + MAX_SECONDS + ".").build();
    }

    private static Duration duration(ObjectNode inputs, String id) {
        Long seconds = InputValues.integer(inputs, id, 1, MAX_SECONDS);
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }
}
