package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hides secret values from traces: inputs the descriptor declares {@code secret}, the {@code value} of rows marked
 * {@code "secret": true} (a secret parameter of Set Parameters), and, in the output, the fields named by such rows or
 * listed in the result's meta {@code secret} (the secret parameters Get Parameters read). Each is replaced by
 * {@code "***"}. Each value it hides is also added to the execution's {@link SecretValues}, which hides it wherever
 * else it appears in what the history and the test panel show.
 *
 * <p>One per method call; the arguments are never modified (a copy is made only when something is secret).
 */
final class Redaction {
    static final TextNode HIDDEN = TextNode.valueOf("***");

    private final Set<String> secretNames;
    private final ObjectNode input;
    private final SecretValues secrets;

    private Redaction(Set<String> secretNames, ObjectNode input, SecretValues secrets) {
        this.secretNames = secretNames;
        this.input = input;
        this.secrets = secrets;
    }

    /**
     * @param descriptor the method's descriptor
     * @param inputs     the validated inputs
     * @param secrets    the execution's secret values, to which the hidden values are added
     * @return the redaction for one call
     */
    static Redaction of(MethodDescriptor descriptor, ObjectNode inputs, SecretValues secrets) {
        Set<String> names = null; // created for the first secret row only: most calls have none
        ObjectNode redacted = inputs;
        for (InputDescriptor declared : descriptor.inputs()) {
            JsonNode value = inputs.get(declared.id());
            if (value == null) continue;
            if (declared.secret()) {
                secrets.add(value);
                redacted = copyOnce(redacted, inputs);
                redacted.set(declared.id(), HIDDEN);
            } else if (value.isArray() && hasSecretRow(value)) {
                redacted = copyOnce(redacted, inputs);
                ArrayNode rows = (ArrayNode) redacted.get(declared.id());
                for (JsonNode row : rows) {
                    if (row.isObject() && row.path("secret").asBoolean(false)) {
                        if (names == null) names = new HashSet<>();
                        names.add(row.path("name").asText());
                        secrets.add(row.get("value"));
                        ((ObjectNode) row).set("value", HIDDEN);
                    }
                }
            }
        }
        return new Redaction(names == null ? Set.of() : names, redacted, secrets);
    }

    /** @return the inputs as a trace may show them */
    JsonNode input() {
        return input;
    }

    /**
     * @param output a step's output
     * @param meta   the method's meta facts
     * @return the output as a trace may show it
     */
    JsonNode output(JsonNode output, Map<String, Object> meta) {
        Collection<?> named = meta.get("secret") instanceof Collection<?> list ? list : List.of();
        if (secretNames.isEmpty() && named.isEmpty() || output == null || !output.isObject()) return output;
        Set<String> hidden = new HashSet<>(secretNames);
        named.forEach(name -> hidden.add(String.valueOf(name)));
        ObjectNode copy = output.deepCopy();
        for (String name : hidden) {
            if (copy.has(name)) {
                secrets.add(output.get(name));
                copy.set(name, HIDDEN);
            }
        }
        return copy;
    }

    /**
     * @param meta the method's meta facts
     * @return whether the output may hold a secret value (a secret row written, or secret parameters read), so a
     *         session variable that keeps the output must be marked secret too
     */
    boolean outputMayHoldSecrets(Map<String, Object> meta) {
        return !secretNames.isEmpty() || (meta.get("secret") instanceof Collection<?> named && !named.isEmpty());
    }

    private static boolean hasSecretRow(JsonNode rows) {
        for (JsonNode row : rows) {
            if (row.isObject() && row.path("secret").asBoolean(false)) return true;
        }
        return false;
    }

    private static ObjectNode copyOnce(ObjectNode current, ObjectNode original) {
        return current == original ? original.deepCopy() : current;
    }
}
