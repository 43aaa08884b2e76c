package dev.sessionkit.session.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.session.support.AddressedMethod;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.Json;

/**
 * {@code session.clear} (Clear Session Data): deletes every parameter of the addressed session, atomically, and keeps
 * the session (and its token) usable. Stateless and thread-safe.
 */
public final class ClearSessionMethod extends AddressedMethod {
    /** The method id. */
    public static final String ID = "session.clear";

    /** Creates the method. */
    public ClearSessionMethod() {
        super(Descriptors.addressed(ID, "Clear Session Data", "Deletes all data of a session but keeps the session.")
                .output(new OutputDescriptor(DataType.OBJECT, "{\"deleted\": n}: how many parameters were "
                        + "removed."))
                .details(Details.of("Deletes every parameter of the addressed session in one atomic operation. "
                                + "The session stays usable: a TOKEN or SHARED session keeps its token and expiry "
                                + "settings. A GLOBAL session keeps its read-only `username` and `roleId` (not "
                                + "counted in `deleted`). To remove some parameters, use Delete Parameters; to "
                                + "remove the session too, End Session.")
                        .addressingErrors(true)
                        .example("Inputs `{\"scope\": \"TOKEN\", \"token\": \"<token>\"}` on a basket holding "
                                + "`items` and `coupon` output `{\"deleted\": 2}`.")
                        .build())
                .example(Descriptors.example("{\"scope\": \"LOCAL\"}"))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        return MethodResult.of(Json.NODES.objectNode().put("deleted", context.sessions().clear(session)));
    }
}
