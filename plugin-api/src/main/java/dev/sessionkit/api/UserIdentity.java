package dev.sessionkit.api;

import java.util.Objects;

/**
 * A signed-in user, as verified from the request's JWT by the host.
 *
 * @param id       the stable user id (the JWT subject)
 * @param username the username
 * @param roleId   the role id: {@code admin}, {@code builder} or {@code user}
 */
public record UserIdentity(String id, String username, String roleId) {
    /** Checks the components. */
    public UserIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(roleId, "roleId");
    }
}
