package dev.sessionkit.session.parameters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.session.support.AddressedMethod;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.Json;
import dev.sessionkit.session.support.ParameterNames;
import java.util.List;

/**
 * {@code session.delete-parameters} (Delete Parameters): removes parameters by name from the addressed session, in
 * one atomic operation. Names the session does not hold are ignored. Stateless and thread-safe.
 */
public final class DeleteParametersMethod extends AddressedMethod {
    /** The method id. */
    public static final String ID = "session.delete-parameters";

    private static final String NAMES = "names";

    /** Creates the method. */
    public DeleteParametersMethod() {
        super(Descriptors.addressed(ID, "Delete Parameters", "Removes parameters by name from a session.")
                .input(InputDescriptor.builder(NAMES, DataType.ARRAY).name("Names").required()
                        .help("The names of the parameters to remove (case-sensitive), each once, e.g. "
                                + "[\"cart\", \"coupon\"].").build())
                .output(new OutputDescriptor(DataType.OBJECT, "{\"deleted\": n}: how many of the names the "
                        + "session held and are now removed."))
                .details(Details.of("Removes the named parameters from the addressed session in one atomic "
                                + "operation; the session itself stays. Names it does not hold are ignored, so "
                                + "calling it twice is safe (the second call reports 0). To remove everything, use "
                                + "Clear Session Data; to remove the session too, End Session.")
                        .addressingErrors(true)
                        .error("400 INVALID_INPUT", "`names` is empty, or an entry is not a non-blank string or "
                                + "repeats another (`names[i]`).")
                        .error("400 RESERVED_PARAMETER", "`names` holds `username` or `roleId` with scope GLOBAL: "
                                + "they are read-only there. Nothing is deleted.")
                        .example("Inputs `{\"scope\": \"GLOBAL\", \"names\": [\"cart\", \"coupon\"]}` on a session "
                                + "holding only `cart` output `{\"deleted\": 1}`.")
                        .build())
                .example(Descriptors.example("{\"scope\": \"GLOBAL\", \"names\": [\"cart\", \"coupon\"]}"))
                .build());
    }

    @Override
    protected MethodResult invoke(ExecutionContext context, SessionRef session, ObjectNode inputs) {
        List<String> names = ParameterNames.ofStrings(inputs, NAMES);
        int deleted = context.sessions().delete(session, names);
        return MethodResult.of(Json.NODES.objectNode().put("deleted", deleted));
    }
}
