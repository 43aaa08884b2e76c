package dev.sessionkit.session.parameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.session.ReadResult;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.session.support.AddressedMethod;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.Inputs;
import dev.sessionkit.session.support.Json;
import dev.sessionkit.session.support.ParameterNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code session.get-parameters} (Get Parameters): reads parameters by name from the addressed session, optionally
 * converting each to a data type.
 *
 * <p>Absent names are left out of the output. The output holds deep copies, so nothing the host does with it can
 * change stored values. Stateless and thread-safe.
 */
public final class GetParametersMethod extends AddressedMethod {
    /** The method id. */
    public static final String ID = "session.get-parameters";

    private static final String PARAMETERS = Inputs.PARAMETERS;
    /** The meta of a read that found every name and no secret, the usual case. */
    private static final Map<String, Object> ALL_FOUND = Map.of("missing", List.of(), "secret", List.of());

    /** Creates the method. */
    public GetParametersMethod() {
        super(Descriptors.addressed(ID, "Get Parameters", "Reads parameters by name from a session.")
                .input(Inputs.parameterRows("The parameters to read, one row each: the name and, optionally, "
                                + "the data type to convert the value to.", "The parameter's name, as stored "
                                + "(case-sensitive).",
                        Inputs.dataType(false, "Optional. Convert the stored value to this type without loss (the "
                                + "string \"42\" to the INTEGER 42) or fail with 400. Empty: the value as stored.")))
                .output(new OutputDescriptor(DataType.OBJECT, "The parameters that exist, by name ({\"name\": "
                        + "value}); absent names are left out. Meta: 'missing' (names not found), 'secret' (names "
                        + "returned whose values are marked secret)."))
                .details(Details.of("Reads the named parameters from the addressed session. Names the session "
                                + "does not hold are left out of the output (and listed in meta `missing`), so a "
                                + "missing parameter is not an error. Reading a GLOBAL session, or a TOKEN or SHARED "
                                + "session started with `extendOnGet`, restarts its idle timer.")
                        .paragraph("**Conversion.** A row with a `dataType` converts the stored value to it without "
                                + "loss, or fails: a stored \"4.5\" read as INTEGER is a 400 naming the parameter, "
                                + "the expected type and the value found.")
                        .paragraph("Every GLOBAL session holds the user's `username` and `roleId` from its start.")
                        .addressingErrors(true)
                        .error("400 INVALID_INPUT", "no rows, or a blank or repeated name.")
                        .error("400 TYPE_MISMATCH", "a stored value does not fit the row's `dataType`; details: "
                                + "`parameter`, `field`, `expected`, `received`. Change the data type or leave it "
                                + "empty.")
                        .example("After Set Parameters stored `qty` = 2, inputs `{\"parameters\": [{\"name\": "
                                + "\"qty\", \"dataType\": \"STRING\"}, {\"name\": \"color\"}]}` output "
                                + "`{\"qty\": \"2\"}`, meta `{\"missing\": [\"color\"], \"secret\": []}`.")
                        .build())
                .example(Descriptors.example("""
                        {"scope": "GLOBAL", "parameters": [
                          {"name": "username"}, {"name": "qty", "dataType": "INTEGER"}]}"""))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        List<String> names = ParameterNames.ofRows(inputs, PARAMETERS);
        ReadResult read = context.sessions().read(session, names);
        Map<String, JsonNode> found = read.values();
        Set<String> secretNames = read.secretNames();
        ObjectNode output = Json.object(found.size());
        JsonNode rows = inputs.get(PARAMETERS);
        for (int row = 0; row < names.size(); row++) {
            String name = names.get(row);
            JsonNode value = found.get(name);
            if (value != null) {
                JsonNode typeName = rows.get(row).get("dataType");
                output.set(name, typeName == null ? value.deepCopy()
                        : convert(name, row, typeName, value.deepCopy(), secretNames.contains(name)));
            }
        }
        if (found.size() == names.size() && secretNames.isEmpty()) {
            return MethodResult.of(output, ALL_FOUND);
        }
        List<String> missing = found.size() == names.size() ? List.of() : names.stream()
                .filter(name -> !found.containsKey(name)).toList();
        List<String> secret = secretNames.isEmpty() ? List.of() : names.stream()
                .filter(secretNames::contains).toList();
        return MethodResult.of(output, Map.of("missing", missing, "secret", secret));
    }

    /** Converts a stored value to the row's type; the error never shows a secret value. */
    private static JsonNode convert(String name, int row, JsonNode typeName, JsonNode value, boolean secret) {
        if (typeName.isNull() || typeName.asText().isBlank()) {
            return value;
        }
        String field = PARAMETERS + "[" + row + "].dataType";
        DataType type = DataType.parse(field, typeName.asText());
        try {
            return type.coerce(name, value);
        } catch (InvalidInputException e) {
            Map<String, Object> details = new LinkedHashMap<>(e.details());
            details.put("field", field);
            String problem = e.getMessage();
            if (secret) {
                details.put("received", "***");
                problem = "its value (secret, not shown) is not " + type + ".";
            }
            throw new InvalidInputException(e.code(), "The stored parameter '" + name + "' cannot be read as "
                    + type + ": " + problem + " Change '" + field + "' or leave it empty to read the value as "
                    + "stored.", details);
        }
    }
}
