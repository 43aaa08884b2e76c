package dev.sessionkit.session.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import dev.sessionkit.session.support.Descriptors;
import dev.sessionkit.session.support.SessionMethod;
import dev.sessionkit.session.support.Details;
import dev.sessionkit.session.support.InputValues;
import dev.sessionkit.session.support.SessionAddressing;

/**
 * {@code session.open} (Open Shared Session): the token of a live SHARED session, from its name. Creates nothing and
 * renews nothing. Stateless and thread-safe.
 */
public final class OpenSharedSessionMethod extends SessionMethod {
    /** The method id. */
    public static final String ID = "session.open";

    private static final MethodDescriptor DESCRIPTOR = MethodDescriptor.builder(ID).name("Open Shared Session")
            .description("Gives the token of a SHARED session from its name.")
            .input(SessionAddressing.sessionNameInput().required()
                    .help("The name of the SHARED session, as given to Start Session's 'name'.").build())
            .output(new OutputDescriptor(DataType.OBJECT, "{\"token\", \"expiresAt\"}: the session's token (a "
                    + "secret, usable with scope TOKEN) and when it expires if nothing happens (ISO-8601, null when "
                    + "it never expires by time). Meta: 'sessionId', 'shared', 'secret' (['token'])."))
            .details(Details.of("Looks up a live SHARED session by its name and returns its token, for callers "
                            + "that want to address it by token (scope TOKEN) from then on, or hand it to a client. "
                            + "Within the app, scope SHARED with `sessionName` reaches the same session without "
                            + "a token. Opening does not renew the session.")
                    .error("400 INVALID_INPUT", "`sessionName` is missing or blank.")
                    .error("404 SESSION_NOT_FOUND", "no live SHARED session has this name (never started, ended "
                            + "or expired). Start it with Start Session and `name`.")
                    .example("Inputs `{\"sessionName\": \"settings\"}` output `{\"token\": \"<secret>\", "
                            + "\"expiresAt\": null}` for a session started without expiry.")
                    .build())
            .example(Descriptors.example("{\"sessionName\": \"settings\"}"))
            .build();

    /** Creates the method. */
    public OpenSharedSessionMethod() {
        super(DESCRIPTOR);
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        String name = InputValues.requiredText(inputs, SessionAddressing.SESSION_NAME,
                "Give the name the SHARED session was started with.");
        return SessionOutputs.token(context.sessions().openShared(context.appId(), name));
    }
}
