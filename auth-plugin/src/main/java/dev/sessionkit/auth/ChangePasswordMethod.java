package dev.sessionkit.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;

/**
 * {@code auth.change-password} (Change Password): the signed-in caller's own password, the current one required.
 * Stateless and thread-safe.
 */
public final class ChangePasswordMethod implements PluginMethod {
    /** The method id. */
    public static final String ID = "auth.change-password";

    private static final MethodDescriptor DESCRIPTOR = MethodDescriptor.builder(ID).name("Change Password")
            .requiresUser()
            .description("Changes the signed-in caller's own password; the current one is required.")
            .input(AuthInputs.password("currentPassword", "Current password", "The caller's password now. Secret."))
            .input(AuthInputs.password("newPassword", "New password", "The new password, as the host's password "
                    + "policy asks. Secret."))
            .output(new OutputDescriptor(DataType.OBJECT, "{\"id\", \"username\", \"roleId\"}: the caller, whose "
                    + "password it now is."))
            .details("""
                    Changes the password of the request's signed-in user, never anyone else's: the user comes from \
                    the request's verified JWT, not from an input. The current password is checked like a sign-in \
                    (the same throttle, the same 401), so a stolen token alone cannot take over the account. The \
                    new password follows the host's policy. Tokens issued before stay valid until they expire or \
                    are signed out.

                    ### Errors
                    - **400 INVALID_INPUT**: an input is missing or not a string.
                    - **400 PASSWORD_TOO_SHORT**, **PASSWORD_TOO_LONG**, **PASSWORD_BLANK**: the new password \
                    breaks the policy (checked first: nothing is counted).
                    - **401 AUTHENTICATION_REQUIRED**: the request carried no JWT (trigger `"auth": "JWT"`).
                    - **401 INVALID_CREDENTIALS**: the current password is wrong.
                    - **409 PASSWORD_CHANGED**: another request changed the password meanwhile.
                    - **429 TOO_MANY_SIGN_IN_ATTEMPTS**: too many wrong passwords for this user from this address.

                    ### Example
                    Inputs `{"currentPassword": "<old>", "newPassword": "a new long passphrase"}` output \
                    `{"id": "…", "username": "ada", "roleId": "user"}`.""")
            .example(AuthInputs.example("{\"currentPassword\": \"correct horse battery\", "
                    + "\"newPassword\": \"a new long passphrase\"}"))
            .build();

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        return MethodResult.of(AuthInputs.user(context.accounts().changePassword(
                AuthInputs.text(inputs, "currentPassword"), AuthInputs.text(inputs, "newPassword"))));
    }
}
