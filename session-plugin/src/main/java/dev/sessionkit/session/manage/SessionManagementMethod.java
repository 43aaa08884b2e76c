package dev.sessionkit.session.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.session.ParameterUpdate;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.UpdateResult;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.SessionMethod;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.InputErrors;
import dev.sessionkit.session.support.InputValues;
import dev.sessionkit.session.support.Inputs;
import dev.sessionkit.session.support.Json;
import dev.sessionkit.session.support.ParameterNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code session.manage} (Session Management): a pipeline step that moves named message fields into, out of, or
 * away from the LOCAL or GLOBAL session, passing the message through otherwise unchanged.
 *
 * <ul>
 *   <li>PUT_DATA stores each named field of the incoming message under its path (one atomic write); fields missing
 *       from the message are skipped and listed in meta {@code missing}.</li>
 *   <li>GET_DATA writes each stored field into a copy of the message at its path, creating intermediate objects;
 *       fields the session does not hold are left out.</li>
 *   <li>DELETE_DATA removes the named fields from the session (one atomic operation).</li>
 *   <li>APPEND_DATA appends each named field of the incoming message to the list stored under its path (one atomic
 *       update, no read-modify-write: concurrent executions never lose an item); missing fields are skipped.</li>
 * </ul>
 * The execution's message is never modified: GET_DATA returns a changed copy, the others leave it as it is.
 * Stateless and thread-safe.
 */
public final class SessionManagementMethod extends SessionMethod {
    /** The method id. */
    public static final String ID = "session.manage";

    private static final String OPERATION = "operation";
    private static final String SESSION_TYPE = "sessionType";
    private static final String FIELDS = "fields";
    private static final String SCOPED = "scoped";

    private static final MethodDescriptor DESCRIPTOR = MethodDescriptor.builder(ID).name("Session Management")
            .description("Stores message fields in a session, appends them to lists there, adds stored fields to "
                    + "the message, or removes them.")
            .input(Inputs.choice(OPERATION, "Operation", "PUT_DATA: store the named fields of the incoming "
                    + "message. GET_DATA: add the stored fields to the outgoing message. DELETE_DATA: remove them "
                    + "from the session. APPEND_DATA: append each named field to the list stored under its name "
                    + "(created if absent).", ManageOperation.class, null))
            .input(Inputs.choice(SESSION_TYPE, "Session type", "LOCAL: this execution's session. GLOBAL: the "
                    + "signed-in user's session in this app (needs a JWT).", ManagedSessionType.class,
                    ManagedSessionType.LOCAL))
            .input(InputDescriptor.builder(FIELDS, DataType.ARRAY).name("Fields").required()
                    .help("The message fields, by name or dotted path (customer.address.city), each once. A field "
                            + "is stored under its path as the parameter name. A path has at most "
                            + FieldPath.MAX_SEGMENTS + " names and " + FieldPath.MAX_LENGTH + " characters.")
                    .build())
            .input(Inputs.flag(SCOPED, "Scoped", "Inside For Each or Parallel sub-processes: each sub-process "
                    + "works on its own copy-on-write LOCAL session, whose writes never reach its siblings or "
                    + "parent. Off: sub-processes share the parent's LOCAL session (writes are still safe). No "
                    + "effect outside sub-processes.", false))
            .output(new OutputDescriptor(DataType.OBJECT, "The fields affected, by path ({\"customer.address.city\":"
                    + " \"Lyon\"}): stored (PUT_DATA), added to the message (GET_DATA) or removed (DELETE_DATA). "
                    + "APPEND_DATA: the lists after the append. Meta: 'missing' (fields skipped), 'version' (PUT_DATA "
                    + "and APPEND_DATA, when something was stored), 'deleted' (DELETE_DATA)."))
            .details(Details.of("A pipeline step that moves data between the message and the LOCAL or GLOBAL "
                            + "session. The message passes through unchanged, except for the fields GET_DATA adds.")
                    .paragraph("**PUT_DATA** stores each named field of the incoming message, in one atomic write, "
                            + "under its path as written (`customer.address.city` is one parameter of that name, "
                            + "readable with Get Parameters). A field missing from the message is skipped and "
                            + "listed in meta `missing`; a field holding null is stored as null.")
                    .paragraph("**GET_DATA** writes each stored field into the outgoing message at its path, "
                            + "creating intermediate objects and replacing a value already there. Fields the "
                            + "session does not hold are left out and listed in meta `missing`.")
                    .paragraph("**DELETE_DATA** removes the named fields from the session in one atomic operation; "
                            + "the output shows the values removed, meta `deleted` how many.")
                    .paragraph("**APPEND_DATA** appends the value of each named field of the incoming message to "
                            + "the list stored under its path (`basket` holds `[\"sku-1\", \"sku-2\"]` after two "
                            + "calls with `{\"basket\": \"sku-1\"}` and `{\"basket\": \"sku-2\"}`), creating it if "
                            + "absent, in one atomic update (Update Parameters' append): executions running at once "
                            + "never lose an item. A field missing from the message is skipped and listed in meta "
                            + "`missing`; a stored parameter that is not a list is refused with "
                            + "`400 WRONG_PARAMETER_TYPE` and nothing changes.")
                    .paragraph("**Scoped** matters only inside For Each and Parallel sub-processes (the host gives "
                            + "each one its own copy-on-write LOCAL session when it is on); on a direct call or a "
                            + "top-level step it changes nothing.")
                    .error("400 INVALID_INPUT", "`fields` is empty, an entry is blank, repeated or not a path "
                            + "(`a..b`; violation PATH_TOO_LONG past " + FieldPath.MAX_SEGMENTS + " names or "
                            + FieldPath.MAX_LENGTH + " characters), or GET_DATA cannot write a path because a field "
                            + "on the way holds a value that is not an object (violation FIELD_PATH_BLOCKED; the "
                            + "message is left as it was).")
                    .error("400 WRONG_PARAMETER_TYPE", "APPEND_DATA names a parameter that holds something else "
                            + "than a list (details: `parameter`, `expected`, `actual`). Nothing is changed.")
                    .error("400 RESERVED_PARAMETER", "PUT_DATA, APPEND_DATA or DELETE_DATA names `username` or "
                            + "`roleId` with session type GLOBAL: they are read-only there. Nothing is changed.")
                    .authenticationError("session type GLOBAL")
                    .limitErrors()
                    .example("PUT_DATA with fields `[\"orderId\", \"customer.address.city\"]` on the message "
                            + "`{\"orderId\": \"A-1\", \"customer\": {\"address\": {\"city\": \"Lyon\"}}}` outputs "
                            + "`{\"orderId\": \"A-1\", \"customer.address.city\": \"Lyon\"}`. A later GET_DATA with "
                            + "the same fields on the message `{\"step\": 2}` outputs the same object and the "
                            + "message `{\"step\": 2, \"orderId\": \"A-1\", \"customer\": {\"address\": "
                            + "{\"city\": \"Lyon\"}}}`.")
                    .build())
            .example(Descriptors.example("""
                    {"operation": "PUT_DATA", "sessionType": "LOCAL", "fields": ["orderId", "customer.address.city"],
                     "scoped": false}""", """
                    {"orderId": "A-1", "customer": {"name": "Ada", "address": {"city": "Lyon"}}}"""))
            .build();

    /** Creates the method. */
    public SessionManagementMethod() {
        super(DESCRIPTOR);
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        ManageOperation operation = InputValues.choice(inputs, OPERATION, ManageOperation.class, null);
        ManagedSessionType type = InputValues.choice(inputs, SESSION_TYPE, ManagedSessionType.class,
                ManagedSessionType.LOCAL);
        SessionRef session = type == ManagedSessionType.GLOBAL ? context.globalSession() : context.localSession();
        List<String> names = ParameterNames.ofPaths(inputs, FIELDS);
        List<FieldPath> paths = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            paths.add(FieldPath.parse(names.get(i), FIELDS + "[" + i + "]"));
        }
        return switch (operation) {
            case PUT_DATA -> put(context, session, paths);
            case GET_DATA -> get(context, session, names, paths);
            case DELETE_DATA -> delete(context, session, names);
            case APPEND_DATA -> append(context, session, paths);
        };
    }

    private static MethodResult put(ExecutionContext context, SessionRef session, List<FieldPath> paths) {
        Map<String, Object> meta = new LinkedHashMap<>();
        Map<String, JsonNode> values = presentFields(context, paths, meta);
        if (values.isEmpty()) {
            return MethodResult.of(Json.NODES.objectNode(), meta);
        }
        meta.put("version", context.sessions().put(session, values, PutOptions.DEFAULT).version());
        return MethodResult.of(Json.copyOf(values), meta);
    }

    private static MethodResult append(ExecutionContext context, SessionRef session, List<FieldPath> paths) {
        Map<String, Object> meta = new LinkedHashMap<>();
        Map<String, JsonNode> values = presentFields(context, paths, meta);
        if (values.isEmpty()) {
            return MethodResult.of(Json.NODES.objectNode(), meta);
        }
        List<ParameterUpdate> appends = new ArrayList<>(values.size());
        values.forEach((name, value) -> appends.add(new ParameterUpdate.Append(name, List.of(value))));
        UpdateResult result = context.sessions().update(session, appends, null);
        meta.put("version", result.version());
        return MethodResult.of(Json.copyOf(result.values()), meta);
    }

    /**
     * @param meta receives {@code missing}: the paths the message does not hold
     * @return copies of the message's values at the paths it holds, by path text, in order
     */
    private static Map<String, JsonNode> presentFields(ExecutionContext context, List<FieldPath> paths,
                                                       Map<String, Object> meta) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (FieldPath path : paths) {
            Optional<JsonNode> value = path.read(context.message());
            if (value.isPresent()) {
                values.put(path.text(), value.get().deepCopy());
            } else {
                missing.add(path.text());
            }
        }
        meta.put("missing", missing);
        return values;
    }

    private static MethodResult get(ExecutionContext context, SessionRef session, List<String> names,
                                    List<FieldPath> paths) {
        if (!context.message().isObject()) {
            throw InputErrors.invalid("message", "NOT_AN_OBJECT", "GET_DATA writes fields into the message, which "
                    + "must be a JSON object.");
        }
        Map<String, JsonNode> found = context.sessions().get(session, names);
        ObjectNode message = context.message().deepCopy();
        for (int i = 0; i < paths.size(); i++) {
            JsonNode value = found.get(names.get(i));
            if (value != null) {
                paths.get(i).write(message, value.deepCopy(), FIELDS + "[" + i + "]");
            }
        }
        return new MethodResult(Json.copyOf(found), message, Map.of("missing", missingOf(names, found)));
    }

    private static MethodResult delete(ExecutionContext context, SessionRef session, List<String> names) {
        Map<String, JsonNode> held = context.sessions().get(session, names);
        int deleted = context.sessions().delete(session, names);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("missing", missingOf(names, held));
        meta.put("deleted", deleted);
        return MethodResult.of(Json.copyOf(held), meta);
    }

    private static List<String> missingOf(List<String> names, Map<String, JsonNode> found) {
        return names.stream().filter(name -> !found.containsKey(name)).toList();
    }
}
