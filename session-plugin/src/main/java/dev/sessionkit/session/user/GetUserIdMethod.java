package dev.sessionkit.session.user;

import dev.sessionkit.api.UserIdentity;

/** {@code session.get-userid} (Get UserId): the signed-in user's id, the JWT subject. Stateless and thread-safe. */
public final class GetUserIdMethod extends UserFieldMethod {
    /** The method id. */
    public static final String ID = "session.get-userid";

    /** Creates the method. */
    public GetUserIdMethod() {
        super(ID, "Get UserId", "the signed-in user's id", "the subject (sub) of the request's JWT", "u-1",
                UserIdentity::id);
    }
}
