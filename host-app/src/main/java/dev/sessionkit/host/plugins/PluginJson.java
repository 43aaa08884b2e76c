package dev.sessionkit.host.plugins;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of plugins and method descriptors that {@code GET /api/plugins} answers and the web UI renders its
 * palette and forms from. Every key is always present (null or empty when unset), so the UI reads one fixed shape:
 *
 * <pre>
 * method: {"id", "name", "description", "details", "requiresUser", "inputs": [input...],
 *          "output": {"dataType", "help"}, "example"}
 * input:  {"id", "name", "help", "dataType", "required", "defaultValue", "allowedValues": [...], "secret",
 *          "typeFrom", "showWhen": {"sibling": [values...]}, "fields": [input...]}
 * plugin: {"id", "version", "state", "name", "description", "error"?, "warnings"?, "methods": [method...]}
 * </pre>
 * {@code dataType} is a type name ({@code STRING}...) or null (any JSON, or typed by {@code typeFrom});
 * {@code error} and {@code warnings} appear only when there are some.
 *
 * <p>Written field by field (not by reflection), so the form is a stable contract and no Jackson cache holds a
 * plugin's classes. Stateless.
 */
public final class PluginJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PluginJson() {
    }

    /** @param plugins plugin reports @return their JSON form */
    public static ArrayNode plugins(List<PluginReport> plugins) {
        ArrayNode array = NODES.arrayNode();
        for (PluginReport plugin : plugins) {
            ObjectNode json = array.addObject()
                    .put("id", plugin.id())
                    .put("version", plugin.version())
                    .put("state", plugin.state())
                    .put("name", plugin.name())
                    .put("description", plugin.description());
            if (plugin.error() != null) {
                json.put("error", plugin.error());
            }
            if (!plugin.warnings().isEmpty()) {
                plugin.warnings().forEach(json.putArray("warnings")::add);
            }
            ArrayNode methods = json.putArray("methods");
            plugin.methods().forEach(method -> methods.add(method(method)));
        }
        return array;
    }

    /** @param descriptor a method descriptor @return its JSON form */
    public static ObjectNode method(MethodDescriptor descriptor) {
        ObjectNode json = NODES.objectNode()
                .put("id", descriptor.id())
                .put("name", descriptor.name())
                .put("description", descriptor.description())
                .put("details", descriptor.details())
                .put("requiresUser", descriptor.requiresUser());
        ArrayNode inputs = json.putArray("inputs");
        descriptor.inputs().forEach(input -> inputs.add(input(input)));
        json.putObject("output")
                .put("dataType", descriptor.output().dataType().name())
                .put("help", descriptor.output().help());
        json.set("example", descriptor.example() == null ? NODES.nullNode() : descriptor.example().deepCopy());
        return json;
    }

    private static ObjectNode input(InputDescriptor input) {
        ObjectNode json = NODES.objectNode()
                .put("id", input.id())
                .put("name", input.name())
                .put("help", input.help())
                .put("dataType", input.dataType() == null ? null : input.dataType().name())
                .put("required", input.required());
        json.set("defaultValue", input.defaultValue() == null ? NODES.nullNode() : input.defaultValue().deepCopy());
        input.allowedValues().forEach(json.putArray("allowedValues")::add);
        json.put("secret", input.secret()).put("typeFrom", input.typeFrom());
        ObjectNode showWhen = json.putObject("showWhen");
        for (Map.Entry<String, List<String>> condition : new TreeMap<>(input.showWhen()).entrySet()) {
            condition.getValue().forEach(showWhen.putArray(condition.getKey())::add);
        }
        ArrayNode fields = json.putArray("fields");
        input.fields().forEach(field -> fields.add(input(field)));
        return json;
    }
}
