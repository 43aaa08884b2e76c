package dev.sessionkit.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.accounts.SignedOut;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;

/**
 * {@code auth.sign-out} (Sign Out): revokes the caller's token and ends their GLOBAL sessions in every app, as
 * {@code POST /api/auth/logout}. Stateless and thread-safe.
 */
public final class SignOutMethod implements PluginMethod {
    /** The method id. */
    public static final String ID = "auth.sign-out";

    private static final MethodDescriptor DESCRIPTOR = MethodDescriptor.builder(ID).name("Sign Out").requiresUser()
            .description("Signs the caller out: revokes their token and ends their GLOBAL sessions.")
            .output(new OutputDescriptor(DataType.OBJECT, "{\"user\": {\"id\", \"username\", \"roleId\"}, "
                    + "\"tokenRevoked\", \"sessionsEnded\"}: who signed out, whether the request's token was revoked "
                    + "and how many GLOBAL sessions ended."))
            .details("""
                    Does what `POST /api/auth/logout` does for the request's caller: the request's token is \
                    revoked until it expires (a later request with it is a 401 TOKEN_REVOKED, on every host of a \
                    cluster) and the caller's GLOBAL sessions end in every app. Steps after it in the same flow \
                    still run as the caller, but the GLOBAL session they would reach is a new, empty one: read what \
                    you need from it before this step.

                    It takes no inputs. A test run from the editor carries no token of its own (the editor's stays \
                    valid): the GLOBAL sessions end and `tokenRevoked` is false.

                    ### Errors
                    - **401 AUTHENTICATION_REQUIRED**: the request carried no JWT. Put the step in a flow whose \
                    trigger has `"auth": "JWT"`.

                    ### Example
                    For a request signed in as ada with one GLOBAL session it outputs `{"user": {"id": "…", \
                    "username": "ada", "roleId": "user"}, "tokenRevoked": true, "sessionsEnded": 1}`.""")
            .example(AuthInputs.example("{}"))
            .build();

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        SignedOut out = context.accounts().signOut();
        ObjectNode output = AuthInputs.NODES.objectNode();
        output.set("user", AuthInputs.user(out.user()));
        output.put("tokenRevoked", out.tokenRevoked()).put("sessionsEnded", out.sessionsEnded());
        return MethodResult.of(output);
    }
}
