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
import java.util.List;

/** Test plugin method {@code test.block}: stays inside the call until the test opens the {@link Gate}. */
public final class BlockingMethod implements MethodProvider, PluginMethod {
    @Override
    public List<PluginMethod> methods() {
        return List.of(this);
    }

    @Override
    public MethodDescriptor descriptor() {
        return MethodDescriptor.builder("test.block").name("Block")
                .output(new OutputDescriptor(DataType.STRING, "\"released\"")).build();
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        try {
            Gate.pass();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while blocked", e);
        }
        return MethodResult.of(TextNode.valueOf("released"));
    }
}
