package dev.sessionkit.host.auth;

import dev.sessionkit.api.error.ForbiddenException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.host.users.Role;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call a route. {@link #authenticate} runs before every matched route and records the {@link Caller} (or
 * refuses a bad {@code Authorization} header with 401); route handlers then ask {@link #caller}, {@link #signedIn}
 * or {@link #withRole}.
 */
public final class Access {
    private static final String CALLER = Access.class.getName() + ".caller";

    private Access() {
    }

    /**
     * Paths that never look at the {@code Authorization} header: signing in, the health checks, the metrics and the
     * OpenAPI document (YAML and JSON). A client that still sends an expired or revoked token can always sign in again, and a probe,
     * a scraper or an API tool never fails on a header.
     */
    public static final Set<String> ANONYMOUS_PATHS = Set.of("/api/auth/login", "/health", "/health/live",
            "/health/ready", "/metrics", "/api/openapi.yaml", "/api/openapi.json");

    /**
     * @param authenticator checks the {@code Authorization} header
     * @return a before-matched handler recording the request's caller; it refuses a request whose header is present
     *         but not valid (401), except on {@link #ANONYMOUS_PATHS}
     */
    public static Handler authenticate(Authenticator authenticator) {
        return ctx -> {
            if (!ANONYMOUS_PATHS.contains(ctx.path())) {
                authenticator.authenticate(ctx.header("Authorization"))
                        .ifPresent(caller -> ctx.attribute(CALLER, caller));
            }
        };
    }

    /** @param ctx a request @return its caller, or empty when it carried no token */
    public static Optional<Caller> caller(Context ctx) {
        return Optional.ofNullable(ctx.attribute(CALLER));
    }

    /**
     * @param ctx a request
     * @return its caller
     * @throws UnauthorizedException code {@code AUTHENTICATION_REQUIRED} when it carried no token
     */
    public static Caller signedIn(Context ctx) {
        return caller(ctx).orElseThrow(() -> new UnauthorizedException("AUTHENTICATION_REQUIRED",
                "This needs a signed-in user: send 'Authorization: Bearer <token>' from POST /api/auth/login."));
    }

    /**
     * @param ctx   a request
     * @param roles the roles allowed
     * @return its caller, who has one of {@code roles}
     * @throws UnauthorizedException code {@code AUTHENTICATION_REQUIRED} when it carried no token
     * @throws ForbiddenException    code {@code FORBIDDEN} when the caller has another role
     */
    public static Caller withRole(Context ctx, Role... roles) {
        Caller caller = signedIn(ctx);
        if (Arrays.asList(roles).contains(caller.role())) {
            return caller;
        }
        String allowed = Arrays.stream(roles).map(Role::id).collect(Collectors.joining(" or "));
        throw new ForbiddenException("FORBIDDEN", "This needs the role " + allowed + "; you are signed in as '"
                + caller.user().username() + "' with the role " + caller.role().id() + ". Ask an admin.",
                Map.of("requiredRoles", Arrays.stream(roles).map(Role::id).toList(), "role", caller.role().id()));
    }
}
