package dev.sessionkit.session.lifecycle;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.session.support.AddressedMethod;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.Details;

/**
 * {@code session.exists} (Session Exist): whether the addressed session exists and has not expired. Creates nothing,
 * renews nothing, and answers false (never 404) for a missing TOKEN or SHARED session. Stateless and thread-safe.
 */
public final class SessionExistsMethod extends AddressedMethod {
    /** The method id. */
    public static final String ID = "session.exists";

    /** Creates the method. */
    public SessionExistsMethod() {
        super(Descriptors.addressed(ID, "Session Exist", "Tells whether a session exists and has not expired.")
                .output(new OutputDescriptor(DataType.BOOLEAN, "true when the session exists and has not "
                        + "expired, false otherwise."))
                .details(Details.of("Answers whether the addressed session exists and has not expired, without "
                                + "creating or renewing it. Unlike the other methods, a TOKEN or SHARED session "
                                + "that does not exist, was ended or has expired is not an error: the answer is "
                                + "false. A session whose data expired under DELETE_DATA still exists.")
                        .paragraph("LOCAL and GLOBAL sessions are created by their first read or write, so for "
                                + "them false means nothing has used them yet (GLOBAL: since the user signed in, "
                                + "or since the session expired after its idle timeout).")
                        .addressingErrors(false)
                        .example("Inputs `{\"scope\": \"TOKEN\", \"token\": \"<token>\"}` output `true` while the "
                                + "basket lives and `false` once it has expired.")
                        .build())
                .example(Descriptors.example("{\"scope\": \"SHARED\", \"sessionName\": \"settings\"}"))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        return MethodResult.of(BooleanNode.valueOf(context.sessions().exists(session)));
    }
}
