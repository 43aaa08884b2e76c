package dev.sessionkit.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;

/**
 * What the Auth methods share: their inputs' descriptors, the user as JSON, example call bodies. Stateless and
 * thread-safe.
 */
final class AuthInputs {
    /** The node factory of the outputs. */
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthInputs() {
    }

    /** @param help what the username is for @return the required {@code username} input */
    static InputDescriptor username(String help) {
        return InputDescriptor.builder("username", DataType.STRING).name("Username").required().help(help).build();
    }

    /**
     * @param id   the input id
     * @param name the display name
     * @param help what it is for
     * @return a required STRING input marked secret (redacted in traces, the history and the editor)
     */
    static InputDescriptor password(String id, String name, String help) {
        return InputDescriptor.builder(id, DataType.STRING).name(name).required().secret().help(help).build();
    }

    /** @param inputs validated inputs @param id a required STRING input @return its value */
    static String text(ObjectNode inputs, String id) {
        return inputs.get(id).textValue();
    }

    /** @param user a user @return {@code {"id", "username", "roleId"}} */
    static ObjectNode user(UserIdentity user) {
        return NODES.objectNode().put("id", user.id()).put("username", user.username()).put("roleId", user.roleId());
    }

    /** @param inputs the inputs as JSON text @return {@code {"inputs": ..., "message": {}}} */
    static JsonNode example(String inputs) {
        ObjectNode call = NODES.objectNode();
        try {
            call.set("inputs", JSON.readTree(inputs));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Not JSON: " + inputs, e);
        }
        call.set("message", NODES.objectNode());
        return call;
    }
}
