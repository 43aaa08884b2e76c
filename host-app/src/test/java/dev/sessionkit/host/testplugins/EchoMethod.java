package dev.sessionkit.host.testplugins;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import org.pf4j.PluginClassLoader;

/**
 * Test plugin method {@code test.echo}: answers its {@code value} input and how it was loaded and called. Packaged into
 * test plugin jars by {@link TestPluginJars}; its own provider.
 */
public final class EchoMethod implements MethodProvider, PluginMethod {
    @Override
    public List<PluginMethod> methods() {
        return List.of(this);
    }

    @Override
    public MethodDescriptor descriptor() {
        return MethodDescriptor.builder("test.echo").name("Echo")
                .input(InputDescriptor.builder("value", null).build())
                .output(new OutputDescriptor(DataType.OBJECT, "the value, and facts about the call"))
                .build();
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.set("value", inputs.path("value").deepCopy());
        output.put("loadedByPlugin", getClass().getClassLoader() instanceof PluginClassLoader);
        output.put("contextClassLoaderIsPlugin",
                Thread.currentThread().getContextClassLoader() == getClass().getClassLoader());
        return MethodResult.of(output);
    }
}
