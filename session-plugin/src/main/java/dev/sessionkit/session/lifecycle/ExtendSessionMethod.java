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

/**
 * {@code session.touch} (Extend Session): renews the addressed session: its idle timer restarts and its TTL counts
 * again from now. Stateless and thread-safe.
 */
public final class ExtendSessionMethod extends AddressedMethod {
    /** The method id. */
    public static final String ID = "session.touch";

    /** Creates the method. */
    public ExtendSessionMethod() {
        super(Descriptors.addressed(ID, "Extend Session", "Resets a session's idle timer and restarts its TTL.")
                .output(new OutputDescriptor(DataType.OBJECT, "{\"expiresAt\", \"remainingSeconds\"}: when the "
                        + "session now expires if nothing else happens (ISO-8601) and the whole seconds left, "
                        + "rounded up; both null for a session that never expires by time."))
                .details(Details.of("Renews the addressed session without reading or writing data: the idle "
                                + "timer restarts and the TTL counts again from now, so a session started with "
                                + "`ttlSeconds` 600 and extended after 500 seconds now ends 600 seconds later. Use "
                                + "it to keep a basket alive while its owner is active. A GLOBAL session gets its "
                                + "full idle timeout again (it is created if the user had none).")
                        .addressingErrors(true)
                        .example("Inputs `{\"scope\": \"TOKEN\", \"token\": \"<token>\"}` on a session with a 30 "
                                + "minute idle timeout, at 10:00 UTC, output `{\"expiresAt\": "
                                + "\"2026-01-01T10:30:00Z\", \"remainingSeconds\": 1800}`.")
                        .build())
                .example(Descriptors.example("{\"scope\": \"GLOBAL\"}"))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        return MethodResult.of(SessionOutputs.expiry(context.sessions().touch(session)));
    }
}
