package dev.sessionkit.host.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.host.http.RequestBody;
import dev.sessionkit.host.users.User;
import dev.sessionkit.host.users.UserAccounts;
import dev.sessionkit.store.HostSessionStore;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out.
 *
 * <ul>
 *   <li>{@code POST /api/auth/login} {@code {"username", "password"}} (anyone): 200 {@code {"token",
 *       "tokenType": "Bearer", "expiresAt", "user": {"id", "username", "roleId"}}}; 401 {@code INVALID_CREDENTIALS}
 *       (the same for an unknown user and a wrong password); 400 for a missing field or a body that is not a JSON
 *       object; 429 {@code TOO_MANY_SIGN_IN_ATTEMPTS} with {@code Retry-After} after too many failures for the
 *       username or from the client's address ({@link SignInThrottle}), before the password is checked.</li>
 *   <li>{@code POST /api/auth/logout} (signed in): 204; the token is revoked until it expires (also across
 *       restarts) and the caller's GLOBAL sessions end in every app.</li>
 *   <li>{@code GET /api/auth/me} (signed in): {@code {"id", "username", "roleId"}}.</li>
 * </ul>
 */
public final class AuthRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

    private final UserAccounts accounts;
    private final SignInThrottle throttle;
    private final SignInObserver observer;
    private final TokenService tokens;
    private final Revocations revoked;
    private final HostSessionStore sessions;
    private final ObjectMapper mapper;

    /**
     * @param accounts the user accounts
     * @param throttle counts failed sign-ins and refuses attempts over the limits
     * @param observer told how each sign-in ended
     * @param tokens   issues tokens
     * @param revoked  tokens revoked by logout
     * @param sessions the host's session store
     * @param mapper   the host's mapper
     */
    public AuthRoutes(UserAccounts accounts, SignInThrottle throttle, SignInObserver observer, TokenService tokens,
                      Revocations revoked, HostSessionStore sessions, ObjectMapper mapper) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.observer = observer;
        this.tokens = tokens;
        this.revoked = revoked;
        this.sessions = sessions;
        this.mapper = mapper;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/api/auth/login", this::login);
        routes.post("/api/auth/logout", this::logout);
        routes.get("/api/auth/me", this::me);
    }

    private void login(Context ctx) {
        RequestBody body = RequestBody.read(ctx, mapper, false).allowOnly("username", "password");
        String username = body.requiredString("username");
        String password = body.requiredString("password");
        SignInThrottle.Attempt attempt;
        try {
            attempt = throttle.begin(username, ctx.ip()); // before any bcrypt work
        } catch (TooManyRequestsException e) {
            observer.record(SignInObserver.Outcome.THROTTLED);
            throw e;
        }
        Optional<User> authenticated = accounts.authenticate(username, password);
        if (authenticated.isEmpty()) {
            observer.record(SignInObserver.Outcome.REFUSED);
            throw new UnauthorizedException("INVALID_CREDENTIALS", "The username or the password is wrong.");
        }
        attempt.succeeded();
        observer.record(SignInObserver.Outcome.SIGNED_IN);
        User user = authenticated.get();
        IssuedToken token = tokens.issue(user);
        ObjectNode answer = mapper.createObjectNode()
                .put("token", token.token())
                .put("tokenType", "Bearer")
                .put("expiresAt", token.expiresAt().toString());
        answer.set("user", mapper.valueToTree(user.identity()));
        LOG.info("User {} signed in (token {})", user, token.jti());
        ctx.header("Cache-Control", "no-store"); // a token: never kept by a browser's or a proxy's cache
        ctx.json(answer);
    }

    private void logout(Context ctx) {
        Caller caller = Access.signedIn(ctx);
        revoked.revoke(caller.jti(), caller.tokenExpiresAt());
        int ended = sessions.endUserSessions(caller.user().id());
        LOG.info("User {} signed out (token {} revoked); {} GLOBAL session(s) ended", caller.user().id(), caller.jti(),
                ended);
        ctx.status(204);
    }

    private void me(Context ctx) {
        ctx.json(Access.signedIn(ctx).user());
    }
}
