package dev.sessionkit.session.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.session.Scope;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.session.support.AddressedMethod;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.Json;
import dev.sessionkit.session.support.SessionAddressing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code session.end} (End Session): ends the addressed session, deleting it and all its data.
 *
 * <p>TOKEN and SHARED: the token stops working and a SHARED name becomes free; a session that is already gone is a
 * 404, as for every data method. GLOBAL: the user's session in this app ends (the JWT stays valid; the next use
 * starts a fresh GLOBAL session holding only {@code username} and {@code roleId}). LOCAL: the execution's data is
 * dropped. Logs one debug line per session ended, never the token. Stateless and thread-safe.
 */
public final class EndSessionMethod extends AddressedMethod {
    /** The method id. */
    public static final String ID = "session.end";

    private static final Logger LOG = LoggerFactory.getLogger(EndSessionMethod.class);

    /** Creates the method. */
    public EndSessionMethod() {
        super(Descriptors.addressed(ID, "End Session", "Ends a session, deleting it and all its data.")
                .output(new OutputDescriptor(DataType.OBJECT, "{\"ended\": true} when a session was ended; "
                        + "{\"ended\": false} when a LOCAL or GLOBAL session had not been created yet."))
                .details(Details.of("Ends the addressed session: the session and all its data are deleted.")
                        .paragraph("**TOKEN / SHARED**: the token stops working (later calls with it give 404) "
                                + "and a SHARED session's name becomes free for Start Session. Ending a session "
                                + "that is already gone is a 404, like any other call on it.")
                        .paragraph("**GLOBAL**: the signed-in user's session in this app ends, and its data with "
                                + "it. This is not a logout: the JWT stays valid and the next use of scope GLOBAL "
                                + "starts a fresh session holding `username` and `roleId`. Logging out "
                                + "(POST /api/auth/logout) ends the user's GLOBAL sessions in every app.")
                        .paragraph("**LOCAL**: the execution's session data is dropped; later steps start from an "
                                + "empty LOCAL session.")
                        .paragraph("To delete the data but keep the session (and its token), use Clear Session "
                                + "Data.")
                        .addressingErrors(true)
                        .example("Inputs `{\"scope\": \"TOKEN\", \"token\": \"<token>\"}` output "
                                + "`{\"ended\": true}`; the same call again fails with 404 SESSION_NOT_FOUND.")
                        .build())
                .example(Descriptors.example("{\"scope\": \"SHARED\", \"sessionName\": \"settings\"}"))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        boolean ended = context.sessions().end(session);
        if (!ended && (session.scope() == Scope.TOKEN || session.scope() == Scope.SHARED)) {
            throw SessionAddressing.notFound(session);
        }
        if (ended) {
            LOG.debug("Ended {} session {} in app {}", session.scope(), session, context.appId());
        }
        return MethodResult.of(Json.NODES.objectNode().put("ended", ended));
    }
}
