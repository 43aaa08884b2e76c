package dev.sessionkit.session.parameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.data.ValueType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.PutResult;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.session.support.AddressedMethod;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.InputValues;
import dev.sessionkit.session.support.Inputs;
import dev.sessionkit.session.support.Json;
import dev.sessionkit.session.support.ParameterNames;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code session.set-parameters} (Set Parameters): stores one or more typed parameters in the addressed session,
 * atomically (all rows or none), with optional set-if-absent and compare-and-set.
 *
 * <p>Values arrive already converted to their row's {@code dataType} by the host, and EXPRESSION values already
 * evaluated. The output holds deep copies of the stored values; values are never logged. Stateless and thread-safe.
 */
public final class SetParametersMethod extends AddressedMethod {
    /** The method id. */
    public static final String ID = "session.set-parameters";

    private static final String PARAMETERS = Inputs.PARAMETERS;
    private static final String ONLY_IF_ABSENT = "onlyIfAbsent";
    private static final String EXPECTED_VERSION = "expectedVersion";

    /** Creates the method. */
    public SetParametersMethod() {
        super(Descriptors.addressed(ID, "Set Parameters", "Stores one or more typed parameters in a session.")
                .input(Inputs.parameterRows("The parameters to store, one row each. A row names the parameter, "
                                + "its data type, how the value is given (a literal, or a {{ }} expression) and the "
                                + "value.", "The parameter's name, unique in this call. Names are case-sensitive; "
                                + "dots are allowed and have no special meaning.",
                        Inputs.dataType(true, "The value's data type. The value is converted to it without loss "
                                + "(\"42\" becomes the INTEGER 42) or refused (\"4.5\" is not an INTEGER)."),
                        Inputs.choice("valueType", "Value type", "STATIC: the value is used as written. EXPRESSION: "
                                + "the value is a {{ ... }} template (message.*, session.local.*, session.global.*, "
                                + "user.*, request.*) evaluated when the step runs.", ValueType.class,
                                ValueType.STATIC),
                        InputDescriptor.builder("value", null).name("Value").typeFrom("dataType").required()
                                .help("The value, of the row's data type (or an expression giving one). JSON null is "
                                        + "refused: use Delete Parameters to remove a parameter.").build(),
                        Inputs.flag("secret", "Secret", "Redact this value in logs, traces, the UI and exports. "
                                + "Writing the name again without the mark clears it.", false)))
                .input(Inputs.flag(ONLY_IF_ABSENT, "Only if absent", "Store a parameter only if the session does "
                        + "not hold it yet; the names already held keep their value and are reported in meta "
                        + "'kept'.", false))
                .input(InputDescriptor.builder(EXPECTED_VERSION, DataType.INTEGER).name("Expected version")
                        .help("Compare-and-set: write only if the session's version still equals this number (from "
                                + "Session Info or the 'version' meta of your last write); otherwise fail with 409 "
                                + "and write nothing. Leave empty to always write.").build())
                .output(new OutputDescriptor(DataType.OBJECT, "The values stored, by name ({\"name\": value}), "
                        + "converted to their data types. Names kept by 'Only if absent' are left out. Meta: "
                        + "'version' (the session's version after the call), 'kept' (names not written because "
                        + "they were present), 'secret' (names marked secret)."))
                .details(Details.of("Stores the rows of `parameters` in the addressed session in one atomic "
                                + "write: either every row is stored or none is, and concurrent writers never lose "
                                + "an update. A parameter that already exists is overwritten, whatever its old type.")
                        .paragraph("**Typed values.** Each value is converted to its row's `dataType` without "
                                + "loss: the string \"42\" becomes the INTEGER 42, \"true\" the BOOLEAN true. A value "
                                + "that does not fit (\"4.5\" as INTEGER) is refused; the error names the field "
                                + "(`parameters[0].value`), the expected type and the value received.")
                        .paragraph("**Set if absent.** With `onlyIfAbsent`, names the session already holds keep "
                                + "their value; they are listed in meta `kept` and left out of the output.")
                        .paragraph("**Compare and set.** With `expectedVersion`, the write happens only if the "
                                + "session's version (it grows by one on every change) still equals it, so two "
                                + "browser tabs never silently overwrite each other.")
                        .paragraph("A GLOBAL session already holds `username` and `roleId`, read-only: they come "
                                + "from the verified token, so flows may trust them.")
                        .addressingErrors(true)
                        .error("400 INVALID_INPUT", "no rows; a blank or repeated name (`parameters[i].name`); a "
                                + "value that does not fit its data type, or null; a negative `expectedVersion`.")
                        .error("400 RESERVED_PARAMETER", "a row names `username` or `roleId` with scope "
                                + "GLOBAL: they are read-only there. Nothing is written; use another name.")
                        .error("409 VERSION_CONFLICT", "`expectedVersion` is stale: another write came first. "
                                + "Details hold `expected` and `actual`; read the session again and retry.")
                        .limitErrors()
                        .example("Inputs `{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"qty\", \"dataType\": "
                                + "\"INTEGER\", \"value\": \"2\"}]}` output `{\"qty\": 2}`, meta `{\"version\": 3, "
                                + "\"kept\": [], \"secret\": []}`.")
                        .build())
                .example(Descriptors.example("""
                        {"scope": "LOCAL", "parameters": [
                          {"name": "lastSku", "dataType": "STRING", "valueType": "STATIC", "value": "SKU-42"},
                          {"name": "qty", "dataType": "INTEGER", "value": "2"},
                          {"name": "apiKey", "dataType": "STRING", "value": "k-123", "secret": true}]}"""))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        List<String> names = ParameterNames.ofRows(inputs, PARAMETERS);
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Set<String> secret = new LinkedHashSet<>();
        int row = 0;
        for (JsonNode parameter : inputs.get(PARAMETERS)) {
            String name = names.get(row++);
            values.put(name, parameter.get("value").deepCopy());
            if (parameter.path("secret").asBoolean(false)) {
                secret.add(name);
            }
        }
        Long expectedVersion = InputValues.integer(inputs, EXPECTED_VERSION, 0, Long.MAX_VALUE);
        PutOptions options = new PutOptions(InputValues.flag(inputs, ONLY_IF_ABSENT, false), expectedVersion, secret);
        PutResult result = context.sessions().put(session, values, options);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("version", result.version());
        meta.put("kept", result.kept());
        meta.put("secret", List.copyOf(secret));
        return MethodResult.of(Json.copyOf(result.stored()), meta);
    }
}
