package dev.sessionkit.host.testplugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodProvider;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.session.PutOptions;
import java.util.List;
import java.util.Map;

/**
 * Test plugin method {@code test.explode}: writes to its LOCAL session, then fails with an exception that is not a
 * product exception.
 */
public final class ExplodingMethod implements MethodProvider, PluginMethod {
    /** The failure's message, which must reach the log but never a caller. */
    public static final String INTERNALS = "kaboom: internal state 0xC0FFEE";

    @Override
    public List<PluginMethod> methods() {
        return List.of(this);
    }

    @Override
    public MethodDescriptor descriptor() {
        return MethodDescriptor.builder("test.explode").name("Explode")
                .output(new OutputDescriptor(DataType.STRING, "never returns")).build();
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        context.sessions().put(context.localSession(), Map.of("left", TextNode.valueOf("x".repeat(1000))),
                PutOptions.DEFAULT);
        throw new IllegalStateException(INTERNALS);
    }
}
