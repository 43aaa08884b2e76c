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
 * renews nothing, and answers false (never 404) for a missing TOKEN or SHARED session.
 *
 * <p>GLOBAL is true for every signed-in caller: the user's GLOBAL session in the app is there from sign-in to logout.
 * The store creates its record on first use, but every other method already treats it as present (a read right after
 * sign-in shows {@code username} and {@code roleId}, {@code session.info} describes it), so answering false until
 * something wrote to it would tell an app builder "expired" for every new user. Whether the user's data survived
 * is read from the data (a missing parameter), not from this method.
 *
 * <p>Stateless and thread-safe.
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
                        .paragraph("GLOBAL is true for every signed-in caller: a user's GLOBAL session exists "
                                + "from sign-in to logout (it always holds username and roleId). After its idle "
                                + "timeout or session.end its data is gone but the answer stays true: to learn "
                                + "whether the data survived, read a parameter with Get Parameters.")
                        .paragraph("A LOCAL session is created by its first read or write, so false means nothing "
                                + "in this execution has used it yet.")
                        .addressingErrors(false)
                        .example("Inputs `{\"scope\": \"TOKEN\", \"token\": \"<token>\"}` output `true` while the "
                                + "basket lives and `false` once it has expired.")
                        .build())
                .example(Descriptors.example("{\"scope\": \"SHARED\", \"sessionName\": \"settings\"}"))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        // The GLOBAL ref exists only for a signed-in caller (addressing GLOBAL without one is a 401).
        boolean exists = session instanceof SessionRef.Global || context.sessions().exists(session);
        return MethodResult.of(BooleanNode.valueOf(exists));
    }
}
