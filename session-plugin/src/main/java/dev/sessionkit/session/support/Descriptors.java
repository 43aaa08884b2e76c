package dev.sessionkit.session.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.descriptor.MethodDescriptor;

/**
 * Starting points for the Session methods' descriptors and their example call bodies.
 *
 * <p>Stateless and thread-safe.
 */
public final class Descriptors {
    private Descriptors() {
    }

    /**
     * A descriptor builder whose first inputs are the addressing inputs ({@code scope}, {@code sessionName},
     * {@code token}).
     *
     * @param id          the stable method id
     * @param name        the display name
     * @param description one sentence for the palette
     * @return the builder
     */
    public static MethodDescriptor.Builder addressed(String id, String name, String description) {
        return MethodDescriptor.builder(id).name(name).description(description).inputs(SessionAddressing.inputs());
    }

    /**
     * An example direct call body with an empty message.
     *
     * @param inputs the inputs as JSON text
     * @return {@code {"inputs": ..., "message": {}}}
     */
    public static JsonNode example(String inputs) {
        return example(inputs, "{}");
    }

    /**
     * An example direct call body.
     *
     * @param inputs  the inputs as JSON text
     * @param message the message as JSON text
     * @return {@code {"inputs": ..., "message": ...}}
     */
    public static JsonNode example(String inputs, String message) {
        ObjectNode call = Json.NODES.objectNode();
        call.set("inputs", Json.parse(inputs));
        call.set("message", Json.parse(message));
        return call;
    }
}
