package com.example.greeting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodProvider;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import java.util.List;
import org.pf4j.Extension;
import org.pf4j.Plugin;

/** The greeting plugin: one method, greeting.greet. */
public class GreetingPlugin extends Plugin {

    /** The extension the host looks up: it lists the plugin's methods. */
    @Extension
    public static class Methods implements MethodProvider {
        @Override
        public List<PluginMethod> methods() {
            return List.of(new Greet());
        }
    }

    /** greeting.greet: "Hello, <name>!", by default for the signed-in user. Stateless, so thread-safe. */
    static class Greet implements PluginMethod {
        private static final MethodDescriptor DESCRIPTOR = MethodDescriptor.builder("greeting.greet")
                .name("Greet")
                .description("Greets someone by name.")
                .details("Returns 'Hello, <name>!'. With no name, greets the signed-in user.")
                .input(InputDescriptor.builder("name", DataType.STRING).name("Name")
                        .help("Who to greet; defaults to the signed-in user's username.").build())
                .output(new OutputDescriptor(DataType.STRING, "The greeting."))
                .build();

        @Override
        public MethodDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
            String name = inputs.hasNonNull("name") ? inputs.get("name").textValue()
                    : context.requireUser().username(); // 401 when nobody is signed in
            return MethodResult.of(TextNode.valueOf("Hello, " + name + "!"));
        }
    }
}
