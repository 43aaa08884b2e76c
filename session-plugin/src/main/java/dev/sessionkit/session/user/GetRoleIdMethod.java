package dev.sessionkit.session.user;

import dev.sessionkit.api.UserIdentity;

/** {@code session.get-roleid} (Get Role Id): the signed-in user's role id. Stateless and thread-safe. */
public final class GetRoleIdMethod extends UserFieldMethod {
    /** The method id. */
    public static final String ID = "session.get-roleid";

    /** Creates the method. */
    public GetRoleIdMethod() {
        super(ID, "Get Role Id", "the signed-in user's role id (admin, builder or user)", "the request's JWT",
                "builder", UserIdentity::roleId);
    }
}
