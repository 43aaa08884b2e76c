package dev.sessionkit.host.testplugins;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodProvider;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import java.util.List;

/**
 * Test plugin method {@code test.value}: outputs its {@code value} input exactly as it received it (any JSON type), so
 * tests can see what expressions evaluate to and what Output Configurations do with a value.
 */
public final class ValueMethod implements MethodProvider, PluginMethod {
    @Override
    public List<PluginMethod> methods() {
        return List.of(this);
    }

    @Override
    public MethodDescriptor descriptor() {
        return MethodDescriptor.builder("test.value").name("Value")
                .input(InputDescriptor.builder("value", null).build())
                .output(new OutputDescriptor(DataType.OBJECT, "the value input, unchanged (any JSON type, in truth)"))
                .build();
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        return MethodResult.of(inputs.has("value") ? inputs.get("value").deepCopy() : NullNode.instance);
    }
}
