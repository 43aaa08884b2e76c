package dev.sessionkit.session.user;

import dev.sessionkit.api.UserIdentity;

/** {@code session.get-username} (Get UserName): the signed-in user's username. Stateless and thread-safe. */
public final class GetUsernameMethod extends UserFieldMethod {
    /** The method id. */
    public static final String ID = "session.get-username";

    /** Creates the method. */
    public GetUsernameMethod() {
        super(ID, "Get UserName", "the signed-in user's username", "the request's JWT", "alice",
                UserIdentity::username);
    }
}
