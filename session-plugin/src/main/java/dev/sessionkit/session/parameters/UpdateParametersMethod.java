package dev.sessionkit.session.parameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.data.ValueType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.session.ParameterUpdate;
import dev.sessionkit.api.session.ReadResult;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.UpdateResult;
import dev.sessionkit.session.manage.FieldPath;
import dev.sessionkit.session.support.AddressedMethod;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.InputErrors;
import dev.sessionkit.session.support.InputValues;
import dev.sessionkit.session.support.Inputs;
import dev.sessionkit.session.support.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code session.update-parameters} (Update Parameters): changes parameters where they are stored, without reading
 * them first: append to and remove from lists, add to numbers, merge into objects and remove fields from them, all
 * rows in one atomic update of the addressed session ({@link dev.sessionkit.api.session.SessionStore#update}).
 *
 * <p>Values arrive already converted to their row's {@code dataType} by the host, and EXPRESSION values already
 * evaluated; this method checks what each operation needs of its row. Values are never logged. Stateless and
 * thread-safe.
 */
public final class UpdateParametersMethod extends AddressedMethod {
    /** The method id. */
    public static final String ID = "session.update-parameters";

    private static final String OPERATIONS = "operations";
    private static final String EXPECTED_VERSION = "expectedVersion";

    /** Creates the method. */
    public UpdateParametersMethod() {
        super(Descriptors.addressed(ID, "Update Parameters", "Appends to lists, adds to numbers and merges into "
                        + "objects in a session, atomically, without reading them first.")
                .input(InputDescriptor.builder(OPERATIONS, DataType.ARRAY).name("Operations").required()
                        .help("The changes, one row each, applied in order in one atomic update: either all of "
                                + "them happen or none does.")
                        .field(InputDescriptor.builder("operation", DataType.STRING).name("Operation").required()
                                .allowedValues(UpdateOperation.IDS)
                                .help("append: add the value to the end of a list (created if absent). remove: "
                                        + "take out the list's elements equal to the value. increment: add the "
                                        + "value to a number (created at 0). merge: merge the OBJECT value into an "
                                        + "object (created if absent), at the path if one is given. unset: remove "
                                        + "the field at the path from an object.").build())
                        .field(InputDescriptor.builder("name", DataType.STRING).name("Name").required()
                                .help("The parameter to change. Several rows may change one parameter; each sees "
                                        + "the result of the rows before it.").build())
                        .field(InputDescriptor.builder("path", DataType.STRING).name("Path")
                                .help("merge and unset: a dotted path of fields inside the object "
                                        + "(delivery.driver). Empty for merge at the top level.").build())
                        .field(Inputs.dataType(false, "The value's data type. increment: INTEGER (whole numbers "
                                + "within 64 bits, overflow refused) or NUMBER (exact decimals); merge: OBJECT; "
                                + "append and remove: any (the type of the item)."))
                        .field(Inputs.choice("valueType", "Value type", "STATIC: the value is used as written. "
                                + "EXPRESSION: the value is a {{ ... }} template evaluated when the step runs.",
                                ValueType.class, ValueType.STATIC))
                        .field(InputDescriptor.builder("value", null).name("Value").typeFrom("dataType")
                                .help("append and remove: the item; increment: the amount (negative to "
                                        + "subtract); merge: the object. unset takes none.").build())
                        .field(Inputs.flag("each", "Each element", "append and remove with an ARRAY value: use "
                                + "its elements as the items (append all of them, in order), not the array as one "
                                + "item.", false))
                        .build())
                .input(InputDescriptor.builder(EXPECTED_VERSION, DataType.INTEGER).name("Expected version")
                        .help("Compare-and-set: update only if the session's version still equals this number; "
                                + "otherwise fail with 409 and change nothing. Leave empty to always update.")
                        .build())
                .output(new OutputDescriptor(DataType.OBJECT, "The value of each parameter the rows name, after "
                        + "the update, by name ({\"basket\": [\"sku-1\", \"sku-2\"]}); a parameter that is still "
                        + "absent (remove or unset of one that does not exist) is left out. Meta: 'version' (the "
                        + "session's version after the call)."))
                .details(Details.of("Changes parameters of the addressed session where they are stored, in one "
                                + "atomic update: the rows apply in order, each to the result of the rows before, and "
                                + "either every row happens or none does, with one version bump. Concurrent calls "
                                + "never lose an update and need no retry: 64 requests appending to one basket at "
                                + "once leave 64 items.")
                        .paragraph("**append** adds the value to the end of an ARRAY parameter, creating it if "
                                + "absent; with `each` and an ARRAY value, its elements. **remove** takes out every "
                                + "element equal to the value (as JSON: numbers by value, objects whatever their "
                                + "field order); an absent parameter stays absent.")
                        .paragraph("**increment** adds the value to a number, starting at 0 if absent. With "
                                + "`dataType` INTEGER (the default for a whole value) the parameter must hold a "
                                + "whole number and the sum must stay within 64 bits, else `400 INTEGER_OVERFLOW`; "
                                + "with NUMBER the sum is exact decimal arithmetic (2.50 + 1 = 3.50).")
                        .paragraph("**merge** merges the OBJECT value into an OBJECT parameter, at the top level "
                                + "or at `path` inside it (objects on the way are created): its fields are set, "
                                + "objects under one field are merged the same way, fields already there keep "
                                + "their place. **unset** removes the field at `path`; nothing changes when it is "
                                + "absent.")
                        .paragraph("A remove or unset that finds nothing changes nothing; when no row changes "
                                + "anything, the version stays. Secret marks stay as they are.")
                        .addressingErrors(true)
                        .error("400 INVALID_INPUT", "no rows; a blank name; a row without the value its operation "
                                + "needs, or with one it does not take (unset); a path on append, remove or "
                                + "increment, or none on unset; an increment that is not INTEGER or NUMBER; a merge "
                                + "of something else than an OBJECT; `each` with a value that is not an ARRAY.")
                        .error("400 WRONG_PARAMETER_TYPE", "the parameter (or an object along the path) holds "
                                + "another type than the operation needs: appending to a STRING, incrementing an "
                                + "OBJECT. Details: `parameter`, `path`, `operation`, `expected`, `actual`. Nothing "
                                + "is changed.")
                        .error("400 INTEGER_OVERFLOW / NUMBER_TOO_LONG", "an INTEGER sum would leave 64 bits, or a "
                                + "NUMBER sum would take more than 1,000 digits. Nothing is changed.")
                        .error("400 RESERVED_PARAMETER", "a row names `username` or `roleId` with scope GLOBAL.")
                        .error("409 VERSION_CONFLICT", "`expectedVersion` is stale. Details hold `expected` and "
                                + "`actual`.")
                        .limitErrors()
                        .example("Inputs `{\"scope\": \"TOKEN\", \"token\": \"...\", \"operations\": [{\"operation\": "
                                + "\"append\", \"name\": \"basket\", \"value\": \"sku-2\"}, {\"operation\": "
                                + "\"increment\", \"name\": \"itemCount\", \"dataType\": \"INTEGER\", \"value\": 1}]}`"
                                + " output `{\"basket\": [\"sku-1\", \"sku-2\"], \"itemCount\": 2}`, meta "
                                + "`{\"version\": 4}`.")
                        .build())
                .example(Descriptors.example("""
                        {"scope": "LOCAL", "operations": [
                          {"operation": "append", "name": "basket", "dataType": "STRING", "value": "sku-2"},
                          {"operation": "increment", "name": "itemCount", "dataType": "INTEGER", "value": 1},
                          {"operation": "merge", "name": "order", "path": "delivery", "dataType": "OBJECT",
                           "value": {"status": "out"}},
                          {"operation": "unset", "name": "order", "path": "delivery.eta"}]}"""))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        JsonNode rows = inputs.get(OPERATIONS);
        if (rows == null || !rows.isArray() || rows.isEmpty()) {
            throw InputErrors.invalid(OPERATIONS, "EMPTY", "'" + OPERATIONS + "' must list at least one operation.");
        }
        List<ParameterUpdate> updates = new ArrayList<>(rows.size());
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            ParameterUpdate update = updateOf(rows.get(i), OPERATIONS + "[" + i + "]");
            names.add(rows.get(i).path("name").asText());
            if (update != null) updates.add(update);
        }
        Long expectedVersion = InputValues.integer(inputs, EXPECTED_VERSION, 0, Long.MAX_VALUE);
        UpdateResult result;
        if (updates.isEmpty()) {
            // Every row was an 'each' over an empty list: nothing to change, so answer what the session holds.
            ReadResult read = context.sessions().read(session, names);
            if (expectedVersion != null && expectedVersion != read.version()) {
                throw ConflictException.versionConflict(expectedVersion, read.version());
            }
            result = new UpdateResult(read.values(), read.version());
        } else {
            result = context.sessions().update(session, updates, expectedVersion);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("version", result.version());
        return MethodResult.of(Json.copyOf(result.values()), meta);
    }

    /** @return the row's update, or null for an 'each' row whose list is empty (nothing to do) */
    private static ParameterUpdate updateOf(JsonNode row, String field) {
        UpdateOperation operation = UpdateOperation.of(row.path("operation").asText());
        String name = row.path("name").asText("");
        if (name.isBlank()) {
            throw InputErrors.invalid(field + ".name", "BLANK_NAME", "'" + field + ".name' must name a parameter.");
        }
        JsonNode value = row.get("value");
        boolean hasValue = value != null && !value.isNull();
        String pathText = row.path("path").asText("");
        boolean each = row.path("each").asBoolean(false);
        if (operation == UpdateOperation.UNSET) {
            if (hasValue) refuse(field + ".value", "UNEXPECTED_VALUE", "unset takes no value: it removes the field "
                    + "at the path. Clear '" + field + ".value'.");
            if (pathText.isEmpty()) refuse(field + ".path", "REQUIRED", "unset needs the path of the field to "
                    + "remove inside '" + name + "', such as delivery.eta.");
            return new ParameterUpdate.Unset(name, FieldPath.parse(pathText, field + ".path").segments());
        }
        if (!hasValue) {
            refuse(field + ".value", "REQUIRED", operation.id() + " needs a value (an EXPRESSION that finds nothing "
                    + "gives null, which is refused: check its path).");
        }
        if (!pathText.isEmpty() && operation != UpdateOperation.MERGE) {
            refuse(field + ".path", "UNEXPECTED_PATH", "A path applies to merge and unset only; " + operation.id()
                    + " changes the parameter '" + name + "' itself. Clear '" + field + ".path'.");
        }
        if (each && operation != UpdateOperation.APPEND && operation != UpdateOperation.REMOVE) {
            refuse(field + ".each", "UNEXPECTED_EACH", "'Each element' applies to append and remove only.");
        }
        switch (operation) {
            case APPEND, REMOVE -> {
                List<JsonNode> items = new ArrayList<>();
                if (each) {
                    if (!value.isArray()) refuse(field + ".value", "NOT_AN_ARRAY", "With 'Each element' the value "
                            + "must be an ARRAY whose elements are the items; it is " + kindOf(value) + ".");
                    value.forEach(item -> items.add(item.deepCopy()));
                    if (items.isEmpty()) return null;
                } else {
                    items.add(value.deepCopy());
                }
                return operation == UpdateOperation.APPEND ? new ParameterUpdate.Append(name, items)
                        : new ParameterUpdate.Remove(name, items);
            }
            case INCREMENT -> {
                DataType type = row.hasNonNull("dataType") ? DataType.parse(field + ".dataType",
                        row.get("dataType").asText()) : DataType.of(value);
                if (type != DataType.INTEGER && type != DataType.NUMBER) {
                    refuse(field + ".dataType", "NOT_A_NUMBER_TYPE", "increment adds an INTEGER or a NUMBER; give "
                            + "'" + field + ".dataType' one of them (the value was " + kindOf(value) + ").");
                }
                if (!value.isNumber()) refuse(field + ".value", "NOT_A_NUMBER", "increment needs a number as the "
                        + "amount; the value is " + kindOf(value) + ".");
                // The digits as written: a double's binary expansion would not be the amount the caller wrote.
                BigDecimal amount = value.isFloatingPointNumber() && !value.isBigDecimal()
                        ? new BigDecimal(value.asText()) : value.decimalValue();
                if (type == DataType.INTEGER && !value.canConvertToLong()) {
                    refuse(field + ".value", "NOT_AN_INTEGER", "an INTEGER increment adds a whole number within 64 "
                            + "bits; give a smaller amount, or dataType NUMBER for exact decimals of any size.");
                }
                return new ParameterUpdate.Increment(name, amount, type);
            }
            default -> {
                if (!value.isObject()) refuse(field + ".value", "NOT_AN_OBJECT", "merge needs an OBJECT value whose "
                        + "fields are set in '" + name + "'; the value is " + kindOf(value) + ".");
                List<String> path = pathText.isEmpty() ? List.of() : FieldPath.parse(pathText, field + ".path")
                        .segments();
                return new ParameterUpdate.Merge(name, path, ((ObjectNode) value).deepCopy());
            }
        }
    }

    private static String kindOf(JsonNode value) {
        DataType type = DataType.of(value);
        return type == null ? "null" : "a " + type;
    }

    private static void refuse(String field, String code, String message) {
        throw InputErrors.invalid(field, code, "'" + field + "': " + message);
    }
}
