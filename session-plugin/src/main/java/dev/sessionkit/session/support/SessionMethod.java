package dev.sessionkit.session.support;

import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.util.Objects;

/**
 * The base of every Session method: holds the method's immutable descriptor, built once per instance, and answers
 * it on every call of {@link #descriptor()}.
 *
 * <p>Subclasses keep no per-call state: instances are shared by all threads.
 */
public abstract class SessionMethod implements PluginMethod {
    private final MethodDescriptor descriptor;

    /** @param descriptor the method's descriptor, not null */
    protected SessionMethod(MethodDescriptor descriptor) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    }

    @Override
    public final MethodDescriptor descriptor() {
        return descriptor;
    }
}
