package dev.sessionkit.host.users;

import dev.sessionkit.api.UserIdentity;
import java.time.Instant;
import java.util.Objects;

/**
 * A user account as stored in the data directory.
 *
 * @param id           the stable id (a random UUID): the JWT subject and the key of the user's GLOBAL sessions
 * @param username     the unique name used to sign in (compared case-insensitively)
 * @param role         the role
 * @param passwordHash the bcrypt hash of the password; never sent to clients nor logged
 * @param createdAt    when the account was created
 */
public record User(String id, String username, Role role, String passwordHash, Instant createdAt) {
    /** Checks the components. */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @return the user as methods and clients see it: id, username, role id */
    public UserIdentity identity() {
        return new UserIdentity(id, username, role.id());
    }

    /** Leaves the hash out, so a user can be logged. */
    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", role=" + role.id() + "]";
    }
}
