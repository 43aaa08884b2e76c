package dev.sessionkit.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;

/**
 * {@code auth.sign-up} (Sign Up): creates an account with the role {@code user}. It has no role input, and the host
 * service it calls cannot create any other role, so no flow can grant more. Stateless and thread-safe.
 */
public final class SignUpMethod implements PluginMethod {
    /** The method id. */
    public static final String ID = "auth.sign-up";

    private static final MethodDescriptor DESCRIPTOR = MethodDescriptor.builder(ID).name("Sign Up")
            .description("Creates a user account with the role 'user'.")
            .input(AuthInputs.username("The new username: 1 to 64 letters, digits and . _ @ -, starting with a "
                    + "letter or digit; unique ignoring case."))
            .input(AuthInputs.password("password", "Password", "The new account's password, as the host's password "
                    + "policy asks (by default at least 12 characters). Secret."))
            .output(new OutputDescriptor(DataType.OBJECT, "{\"id\", \"username\", \"roleId\": \"user\"}: the new "
                    + "account. Sign In to get a token."))
            .details("""
                    Creates an account in the host's accounts (in a cluster, in Redis: it signs in through every \
                    host at once) with the role `user`, always: the method has no role input (an unknown input \
                    such as `roleId` is a 400) and the host service behind it cannot create an admin or a builder. \
                    The password follows the host's policy (`--password-min-length`) and is stored only as a \
                    bcrypt hash.

                    Every attempt, successful or not, counts against the caller's address (`--sign-ups-per-address`, \
                    default 10 an hour), before anything is checked. Follow it with Sign In to sign the new user in.

                    ### Errors
                    - **400 INVALID_INPUT**: `username` or `password` is missing, not a string, or an input the \
                    method does not have was given.
                    - **400 INVALID_USERNAME**: the username breaks the rule above.
                    - **400 PASSWORD_TOO_SHORT**, **PASSWORD_TOO_LONG**, **PASSWORD_BLANK**: the password breaks \
                    the policy; the message says the rule, never the password.
                    - **409 USERNAME_TAKEN**: an account has this username (ignoring case). Choose another one.
                    - **429 TOO_MANY_SIGN_UPS**: too many sign-ups from this address; wait \
                    `details.retryAfterSeconds`.

                    ### Example
                    Inputs `{"username": "ada", "password": "correct horse battery"}` output `{"id": "…", \
                    "username": "ada", "roleId": "user"}`.""")
            .example(AuthInputs.example("{\"username\": \"ada\", \"password\": \"correct horse battery\"}"))
            .build();

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
        return MethodResult.of(AuthInputs.user(context.accounts().signUp(AuthInputs.text(inputs, "username"),
                AuthInputs.text(inputs, "password"))));
    }
}
