package dev.sessionkit.session.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.session.Scope;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.session.support.AddressedMethod;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.SessionAddressing;

/**
 * {@code session.info} (Session Info): what is known about the addressed session, never its token.
 *
 * <p>Does not renew a TOKEN or SHARED session. A LOCAL or GLOBAL session not created yet is created first, as any
 * use of it would (so a signed-in user's GLOBAL session always has an answer). Stateless and thread-safe.
 */
public final class SessionInfoMethod extends AddressedMethod {
    /** The method id. */
    public static final String ID = "session.info";

    /** Creates the method. */
    public SessionInfoMethod() {
        super(Descriptors.addressed(ID, "Session Info", "Key count, creation and expiry times of a session.")
                .output(new OutputDescriptor(DataType.OBJECT, "{\"sessionId\", \"scope\", \"shared\", \"keyCount\","
                        + " \"createdAt\", \"expiresAt\", \"remainingSeconds\", \"version\", \"bytes\"}: a public id "
                        + "(never the token), LOCAL/GLOBAL/SHARED/TOKEN, whether it is SHARED, how many parameters "
                        + "it holds, when it was created and expires (ISO-8601; expiresAt and remainingSeconds null "
                        + "when it never expires by time), the whole seconds left rounded up, its version (grows by "
                        + "one on every change: use it as Set Parameters' expectedVersion) and its size in bytes."))
                .details(Details.of("Describes the addressed session without reading its values. It does not "
                                + "renew a TOKEN or SHARED session. A LOCAL or GLOBAL session that has not been "
                                + "created yet is created by this call, as by any other use, so a signed-in user's "
                                + "GLOBAL session always answers (holding `username` and `roleId`, keyCount 2).")
                        .addressingErrors(true)
                        .example("Inputs `{\"scope\": \"GLOBAL\"}` output `{\"sessionId\": \"global:u-1\", "
                                + "\"scope\": \"GLOBAL\", \"shared\": false, \"keyCount\": 2, \"createdAt\": "
                                + "\"2026-01-01T10:00:00Z\", \"expiresAt\": \"2026-01-01T10:30:00Z\", "
                                + "\"remainingSeconds\": 1800, \"version\": 0, \"bytes\": 30}`.")
                        .build())
                .example(Descriptors.example("{\"scope\": \"GLOBAL\"}"))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        SessionInfo info = context.sessions().info(session).orElseGet(() -> createdOrMissing(context, session));
        return MethodResult.of(SessionOutputs.info(info));
    }

    private static SessionInfo createdOrMissing(ExecutionContext context, SessionRef session) {
        if (session.scope() == Scope.LOCAL || session.scope() == Scope.GLOBAL) {
            return context.sessions().touch(session);
        }
        throw SessionAddressing.notFound(session);
    }
}
