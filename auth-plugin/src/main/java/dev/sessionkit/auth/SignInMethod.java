package dev.sessionkit.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.accounts.SignedIn;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
import java.util.List;
import java.util.Map;

/**
 * {@code auth.sign-in} (Sign In): checks a username and password and issues a token, with exactly the answer of
 * {@code POST /api/auth/login}. Stateless and thread-safe; never logs the password or the token.
 */
public final class SignInMethod implements PluginMethod {
    /** The method id. */
    public static final String ID = "auth.sign-in";

    private static final MethodDescriptor DESCRIPTOR = MethodDescriptor.builder(ID).name("Sign In")
            .description("Signs a user in with username and password and outputs their token.")
            .input(AuthInputs.username("The username to sign in as, any case."))
            .input(AuthInputs.password("password", "Password", "The user's password. Secret: traces, the execution "
                    + "history and the editor never show it."))
            .output(new OutputDescriptor(DataType.OBJECT, "{\"token\", \"tokenType\": \"Bearer\", \"expiresAt\", "
                    + "\"user\": {\"id\", \"username\", \"roleId\"}}, as POST /api/auth/login answers. The token is a "
                    + "secret (meta 'secret': ['token']): the caller sends it as 'Authorization: Bearer <token>'."))
            .details("""
                    Checks the username and password against the host's accounts and issues a JWT, exactly as \
                    `POST /api/auth/login`: the same token, expiry and user, the same throttle (failed sign-ins \
                    are counted per client address and per username before the password is checked) and the same \
                    metrics. Return the output to the caller, who sends the token as `Authorization: Bearer \
                    <token>` on later requests (a flow whose trigger needs a JWT, the GLOBAL session).

                    The step's own request needs no JWT: put it in a flow whose trigger has `"auth": "NONE"`.

                    ### Errors
                    - **400 INVALID_INPUT**: `username` or `password` is missing or not a string.
                    - **401 INVALID_CREDENTIALS**: the username or the password is wrong. The message says only \
                    "Invalid credentials.", the same for an unknown user, so nobody learns which usernames exist.
                    - **429 TOO_MANY_SIGN_IN_ATTEMPTS**: too many failed sign-ins for this username or from this \
                    address; `details.retryAfterSeconds` (and `Retry-After`) says how long to wait. The password \
                    was not checked.

                    ### Example
                    Inputs `{"username": "ada", "password": "<her password>"}` output `{"token": "<secret>", \
                    "tokenType": "Bearer", "expiresAt": "2026-01-01T18:00:00Z", "user": {"id": "…", "username": \
                    "ada", "roleId": "user"}}`.""")
            .example(AuthInputs.example("{\"username\": \"ada\", \"password\": \"correct horse battery\"}"))
            .build();

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        SignedIn signedIn = context.accounts().signIn(AuthInputs.text(inputs, "username"),
                AuthInputs.text(inputs, "password"));
        ObjectNode output = AuthInputs.NODES.objectNode()
                .put("token", signedIn.token())
                .put("tokenType", SignedIn.TOKEN_TYPE)
                .put("expiresAt", signedIn.expiresAt().toString());
        output.set("user", AuthInputs.user(signedIn.user()));
        return MethodResult.of(output, Map.of("secret", List.of("token")));
    }
}
