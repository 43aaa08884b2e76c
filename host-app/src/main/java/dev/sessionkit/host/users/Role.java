package dev.sessionkit.host.users;

import dev.sessionkit.api.error.InvalidInputException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a user may do. The role id ({@link #id()}) is what clients, tokens and files carry.
 *
 * <ul>
 *   <li>{@link #ADMIN}: everything, including user management.</li>
 *   <li>{@link #BUILDER}: creates and deletes apps, calls methods.</li>
 *   <li>{@link #USER}: reads apps and plugins, calls methods.</li>
 * </ul>
 */
public enum Role {
    ADMIN("admin"), BUILDER("builder"), USER("user");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    /** @return the role id, such as {@code admin} */
    public String id() {
        return id;
    }

    /**
     * @param id a role id
     * @return the role
     * @throws InvalidInputException code {@code UNKNOWN_ROLE} listing the role ids
     */
    public static Role of(String id) {
        for (Role role : values()) {
            if (role.id.equals(id)) return role;
        }
        throw new InvalidInputException("UNKNOWN_ROLE", "'" + id + "' is not a role. Use one of " + ids() + ".",
                Map.of("field", "roleId", "received", String.valueOf(id)));
    }

    /** @return the role ids, comma-separated */
    public static String ids() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }
}
