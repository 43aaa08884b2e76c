package dev.sessionkit.session.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.session.SessionRef;

/**
 * A method that works on the session named by the {@link SessionAddressing addressing inputs}: resolves the session
 * first (400 for a missing name or token, 401 for GLOBAL without a user), then runs.
 *
 * <p>Subclasses keep no per-call state: instances are shared by all threads.
 */
public abstract class AddressedMethod extends SessionMethod {

    /** @param descriptor the method's descriptor, which must declare the addressing inputs */
    protected AddressedMethod(MethodDescriptor descriptor) {
        super(descriptor);
    }

    @Override
    public final MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        return invoke(context, SessionAddressing.resolve(context, inputs), inputs);
    }

    /**
     * Runs the method on the addressed session.
     *
     * @param context the execution
     * @param session the addressed session
     * @param inputs  the validated inputs
     * @return the result
     */
    protected abstract MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs);
}
