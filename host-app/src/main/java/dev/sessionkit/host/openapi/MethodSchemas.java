package dev.sessionkit.host.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.host.plugins.MethodRegistry;
import dev.sessionkit.host.plugins.RegisteredMethod;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI description of each installed method, generated from its {@link MethodDescriptor} (the data the web UI
 * renders its forms from and the host validates calls with), so a client generated from the document has a typed
 * call per method.
 *
 * <p>For a method {@code session.set-parameters} of plugin {@code session-plugin}:
 * <ul>
 *   <li>the path {@code /api/apps/{appId}/methods/session.set-parameters} with the operation
 *       {@code callSessionSetParameters}: the generic {@code callMethod} operation's parameters, description and error
 *       answers, its request body {@code SessionSetParametersCall} and its answer {@code SessionSetParametersAnswer};
 *       security optional (anonymous or a bearer token) unless the descriptor {@code requiresUser};</li>
 *   <li>the schemas {@code SessionSetParametersInputs} (an object with one property per input: its type from the
 *       input's {@link DataType}, {@code enum} from its allowed values, {@code default}, {@code description} from its
 *       help, {@code required} when required without a default; an ARRAY input with fields gets an item schema
 *       {@code SessionSetParametersParametersItem}), {@code SessionSetParametersCall} ({@code inputs}, {@code message})
 *       and {@code SessionSetParametersAnswer} ({@code output} typed by the descriptor's output, {@code message},
 *       {@code meta}).</li>
 * </ul>
 * The schemas give the canonical JSON type of each input; the host also accepts what it coerces losslessly (the
 * string {@code "3"} for an INTEGER) and EXPRESSION templates, as docs/api.md says.
 *
 * <p>Stateless; the document it writes into is the caller's.
 */
final class MethodSchemas {
    /** The generic operation each method's operation is made from. */
    static final String GENERIC_PATH = "/api/apps/{appId}/methods/{methodId}";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MethodSchemas() {
    }

    /**
     * Adds each method of {@code registry} to {@code document}: a path after the generic one, three schemas.
     *
     * @param document the OpenAPI document (its generic method path and schemas {@code MethodCallMeta} present)
     * @param registry the installed methods
     */
    static void addTo(ObjectNode document, MethodRegistry registry) {
        ObjectNode paths = (ObjectNode) document.path("paths");
        ObjectNode schemas = (ObjectNode) document.path("components").path("schemas");
        JsonNode generic = paths.path(GENERIC_PATH).path("post");
        if (generic.isMissingNode()) {
            throw new IllegalStateException("The OpenAPI document has no 'post' under " + GENERIC_PATH + ", which "
                    + "each method's operation is made from.");
        }
        for (Map.Entry<String, RegisteredMethod> entry : registry.methods().entrySet()) {
            MethodDescriptor method = entry.getValue().descriptor();
            String name = typeName(method.id());
            schemas.set(name + "Inputs", inputsSchema(method, name, schemas));
            schemas.set(name + "Call", callSchema(method, name));
            schemas.set(name + "Answer", answerSchema(method.output()));
            paths.set("/api/apps/{appId}/methods/" + method.id(),
                    path(method, entry.getValue().pluginId(), name, generic));
        }
    }

    /** @return {@code session.set-parameters} as {@code SessionSetParameters} */
    static String typeName(String methodId) {
        StringBuilder name = new StringBuilder();
        boolean upper = true;
        for (char c : methodId.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return name.toString();
    }

    private static ObjectNode path(MethodDescriptor method, String pluginId, String name, JsonNode generic) {
        ObjectNode path = NODES.objectNode();
        ArrayNode parameters = path.putArray("parameters");
        parameters.addObject().put("$ref", "#/components/parameters/AppId");
        ObjectNode post = path.putObject("post");
        post.putArray("tags").add("Methods");
        post.put("operationId", "call" + name);
        post.put("summary", method.name() + ": " + method.description());
        post.put("description", (method.requiresUser() ? "**Who may call:** a signed-in user (any role)."
                : "**Who may call:** anyone; a signed-in user when the inputs address the GLOBAL session.")
                + "\n\n" + method.description() + (method.details().isBlank() ? "" : "\n\n" + method.details())
                + "\n\nMethod `" + method.id() + "` of plugin `" + pluginId + "`, described from its descriptor; "
                + "the same call as `POST " + GENERIC_PATH + "` with `methodId` `" + method.id() + "`.");
        ArrayNode security = post.putArray("security");
        if (!method.requiresUser()) security.addObject();
        security.addObject().putArray("bearerAuth");
        ObjectNode body = post.putObject("requestBody");
        body.put("required", false);
        ObjectNode json = body.putObject("content").putObject("application/json");
        json.putObject("schema").put("$ref", "#/components/schemas/" + name + "Call");
        if (method.example() != null) json.set("example", method.example());
        ObjectNode responses = post.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "The method ran.");
        ok.putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", "#/components/schemas/" + name + "Answer");
        generic.path("responses").properties().forEach(response -> {
            if (!response.getKey().equals("200")) responses.set(response.getKey(), response.getValue().deepCopy());
        });
        return path;
    }

    private static ObjectNode inputsSchema(MethodDescriptor method, String name, ObjectNode schemas) {
        ObjectNode schema = NODES.objectNode().put("type", "object")
                .put("description", "The inputs of " + method.id() + " (" + method.name() + "), by id.");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (InputDescriptor input : method.inputs()) {
            properties.set(input.id(), inputSchema(input, name, schemas));
            if (input.required() && input.defaultValue() == null) required.add(input.id());
        }
        if (!required.isEmpty()) schema.set("required", required);
        return schema;
    }

    private static ObjectNode inputSchema(InputDescriptor input, String owner, ObjectNode schemas) {
        ObjectNode schema = typeOf(input.dataType());
        String help = input.help();
        if (input.typeFrom() != null) {
            help = (help.isBlank() ? "" : help + " ") + "Its type is the one the sibling '" + input.typeFrom()
                    + "' names.";
        }
        if (input.secret()) help = (help.isBlank() ? "" : help + " ") + "Secret: redacted in logs and traces.";
        if (!help.isBlank()) schema.put("description", help);
        if (!input.allowedValues().isEmpty()) {
            ArrayNode values = schema.putArray("enum");
            input.allowedValues().forEach(values::add);
        }
        if (input.defaultValue() != null && !input.defaultValue().isNull()) schema.set("default", input.defaultValue());
        if (!input.fields().isEmpty()) {
            String item = owner + typeName(input.id()) + "Item";
            ObjectNode itemSchema = NODES.objectNode().put("type", "object");
            ObjectNode properties = itemSchema.putObject("properties");
            ArrayNode required = NODES.arrayNode();
            for (InputDescriptor field : input.fields()) {
                properties.set(field.id(), inputSchema(field, item, schemas));
                if (field.required() && field.defaultValue() == null) required.add(field.id());
            }
            if (!required.isEmpty()) itemSchema.set("required", required);
            schemas.set(item, itemSchema);
            schema.putObject("items").put("$ref", "#/components/schemas/" + item);
        }
        return schema;
    }

    private static ObjectNode callSchema(MethodDescriptor method, String name) {
        ObjectNode schema = NODES.objectNode().put("type", "object")
                .put("description", "The body of a call of " + method.id() + "; both fields optional.");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("inputs").put("$ref", "#/components/schemas/" + name + "Inputs");
        properties.putObject("message").put("type", "object")
                .put("description", "The message the method works on; default `{}`.");
        return schema;
    }

    private static ObjectNode answerSchema(OutputDescriptor output) {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        schema.putArray("required").add("output").add("message").add("meta");
        ObjectNode properties = schema.putObject("properties");
        ObjectNode outputSchema = typeOf(output.dataType());
        if (!output.help().isBlank()) outputSchema.put("description", output.help());
        properties.set("output", outputSchema);
        properties.putObject("message").put("type", "object")
                .put("description", "The method's new message, or the message sent when it leaves it unchanged.");
        properties.putObject("meta").put("$ref", "#/components/schemas/MethodCallMeta");
        return schema;
    }

    /** @return the JSON Schema of a data type; any JSON value for null (a type another field names) */
    private static ObjectNode typeOf(DataType type) {
        ObjectNode schema = NODES.objectNode();
        if (type == null) return schema;
        switch (type) {
            case STRING -> schema.put("type", "string");
            case INTEGER -> schema.put("type", "integer").put("format", "int64");
            case NUMBER -> schema.put("type", "number");
            case BOOLEAN -> schema.put("type", "boolean");
            case DATETIME -> schema.put("type", "string").put("format", "date-time");
            case OBJECT -> schema.put("type", "object").put("additionalProperties", true);
            case ARRAY -> schema.put("type", "array").putObject("items");
            default -> throw new IllegalStateException("no schema for " + type.name().toLowerCase(Locale.ROOT));
        }
        return schema;
    }
}
