package dev.sessionkit.host.users;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.http.RequestBody;
import dev.sessionkit.store.HostSessionStore;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User management, for admins only (403 {@code FORBIDDEN} for other roles, 401 without a token).
 *
 * <ul>
 *   <li>{@code GET /api/users}: {@code [{"id", "username", "roleId"}]} by username.</li>
 *   <li>{@code POST /api/users} {@code {"username", "password", "roleId"?}} ({@code roleId} defaults to
 *       {@code user}): 201 {@code {"id", "username", "roleId"}}; 400 {@code INVALID_USERNAME},
 *       {@code PASSWORD_TOO_SHORT}, {@code PASSWORD_TOO_LONG}, {@code PASSWORD_BLANK}, {@code UNKNOWN_ROLE},
 *       {@code INVALID_INPUT}; 409 {@code USERNAME_TAKEN}.</li>
 *   <li>{@code DELETE /api/users/{userId}}: 204, and the user's GLOBAL sessions end in every app (their tokens are
 *       refused from then on); 404 {@code USER_NOT_FOUND}; 409 {@code LAST_ADMIN}.</li>
 * </ul>
 */
public final class UserRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(UserRoutes.class);

    private final UserAccounts accounts;
    private final HostSessionStore sessions;
    private final ObjectMapper mapper;

    /**
     * @param accounts the user accounts
     * @param sessions the host's session store, to end a deleted user's sessions
     * @param mapper   the host's mapper
     */
    public UserRoutes(UserAccounts accounts, HostSessionStore sessions, ObjectMapper mapper) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.mapper = mapper;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/users", this::list);
        routes.post("/api/users", this::create);
        routes.delete("/api/users/{userId}", this::delete);
    }

    private void list(Context ctx) {
        Access.withRole(ctx, Role.ADMIN);
        ctx.json(accounts.all().stream().map(User::identity).toList());
    }

    private void create(Context ctx) {
        String admin = Access.withRole(ctx, Role.ADMIN).user().username();
        RequestBody body = RequestBody.read(ctx, mapper, false).allowOnly("username", "password", "roleId");
        String username = body.requiredString("username");
        String password = body.requiredString("password");
        Role role = Role.of(body.optionalString("roleId").orElse(Role.USER.id()));
        User user = accounts.create(username, password, role);
        LOG.info("Admin '{}' created {}", admin, user);
        ctx.status(201).header("Location", "/api/users/" + user.id()).json(user.identity());
    }

    private void delete(Context ctx) {
        String admin = Access.withRole(ctx, Role.ADMIN).user().username();
        User user = accounts.delete(ctx.pathParam("userId"));
        int ended = sessions.endUserSessions(user.id());
        LOG.info("Admin '{}' deleted {}; {} GLOBAL session(s) ended", admin, user, ended);
        ctx.status(204);
    }
}
