package dev.sessionkit.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.error.SessionkitException;

/**
 * One method a plugin contributes.
 *
 * <p>The host validates each call's inputs against {@link #descriptor()} before {@link #invoke}: inputs arrive with
 * defaults applied and values coerced to their declared types, expressions already evaluated. A method whose
 * descriptor says {@code requiresUser} is only invoked with a signed-in user.
 *
 * <p>Implementations are invoked concurrently from many threads and must be thread-safe; keep no per-call state in
 * fields.
 */
public interface PluginMethod {

    /** The method as data. Must return the same descriptor every time. @return the descriptor */
    MethodDescriptor descriptor();

    /**
     * Runs the method.
     *
     * @param context the execution: user, app, message, sessions, clock
     * @param inputs  the validated inputs; the method may read it, but must neither modify nor keep it (parts of it
     *                may be shared with the flow step's configuration and with other calls)
     * @return the result, not null
     * @throws SessionkitException for failures with a product meaning (bad input, not found, conflict, limits);
     *                             any other exception is reported as a 500 {@code METHOD_FAILED}
     */
    MethodResult invoke(ExecutionContext context, ObjectNode inputs);
}
