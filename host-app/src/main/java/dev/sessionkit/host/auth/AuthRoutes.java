package dev.sessionkit.host.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.accounts.SignedIn;
import dev.sessionkit.host.http.RequestBody;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;

/**
 * Signing in and out, through {@link HostAccounts} (the same code as a flow's Sign In and Sign Out steps).
 *
 * <ul>
 *   <li>{@code POST /api/auth/login} {@code {"username", "password"}} (anyone): 200 {@code {"token",
 *       "tokenType": "Bearer", "expiresAt", "user": {"id", "username", "roleId"}}}; 401 {@code INVALID_CREDENTIALS}
 *       (the same for an unknown user and a wrong password, saying only "Invalid credentials."); 400 for a
 *       missing field or a body that is not a JSON object; 429 {@code TOO_MANY_SIGN_IN_ATTEMPTS} with {@code Retry-After} after too many failures for the
 *       username or from the client's address ({@link SignInThrottle}), before the password is checked.</li>
 *   <li>{@code POST /api/auth/logout} (signed in): 204; the token is revoked until it expires (also across
 *       restarts) and the caller's GLOBAL sessions end in every app.</li>
 *   <li>{@code GET /api/auth/me} (signed in): {@code {"id", "username", "roleId"}}.</li>
 * </ul>
 */
public final class AuthRoutes {
    private final HostAccounts accounts;
    private final ObjectMapper mapper;

    /**
     * @param accounts signs in and out
     * @param mapper   the host's mapper
     */
    public AuthRoutes(HostAccounts accounts, ObjectMapper mapper) {
        this.accounts = accounts;
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
        SignedIn signedIn = accounts.signIn(username, password, ctx.ip());
        ctx.header("Cache-Control", "no-store"); // a token: never kept by a browser's or a proxy's cache
        ctx.json(answer(mapper, signedIn));
    }

    /**
     * @param mapper   a mapper
     * @param signedIn a sign-in
     * @return the answer of {@code POST /api/auth/login}: {@code {"token", "tokenType", "expiresAt", "user"}}
     */
    private static ObjectNode answer(ObjectMapper mapper, SignedIn signedIn) {
        ObjectNode answer = mapper.createObjectNode()
                .put("token", signedIn.token())
                .put("tokenType", SignedIn.TOKEN_TYPE)
                .put("expiresAt", signedIn.expiresAt().toString());
        answer.set("user", mapper.valueToTree(signedIn.user()));
        return answer;
    }

    private void logout(Context ctx) {
        Caller caller = Access.signedIn(ctx);
        accounts.signOut(caller.user(), Optional.of(caller));
        ctx.status(204);
    }

    private void me(Context ctx) {
        ctx.json(Access.signedIn(ctx).user());
    }
}
