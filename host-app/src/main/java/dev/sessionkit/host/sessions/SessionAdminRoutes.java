package dev.sessionkit.host.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.session.Scope;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.host.apps.AppStore;
import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.auth.Revocations;
import dev.sessionkit.host.users.Role;
import dev.sessionkit.host.users.User;
import dev.sessionkit.host.users.UserAccounts;
import dev.sessionkit.store.HostSessionStore;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session administration (admin only; 403 for other roles, 401 without a token):
 * <ul>
 *   <li>{@code GET /api/apps/{appId}/sessions[?userId=&scope=&limit=]}: {@code {"appId", "total", "sessions": [...]}},
 *       the app's live sessions, newest first, as {@link SessionJson} shows them (no values); {@code total} counts
 *       the matches before {@code limit} (default 500, at most 5000) cuts the list;</li>
 *   <li>{@code GET /api/apps/{appId}/sessions/{sessionId}}: one session with its values, secrets redacted; read
 *       without renewing it;</li>
 *   <li>{@code DELETE /api/apps/{appId}/sessions/{sessionId}}: 204, the session and its data are gone;</li>
 *   <li>{@code POST /api/users/{userId}/logout-everywhere}: every token of the user issued so far is revoked and
 *       the user's GLOBAL sessions end in every app; {@code {"userId", "sessionsEnded"}};</li>
 *   <li>{@code DELETE /api/users/{userId}/sessions}: erases the user's session data: the GLOBAL sessions end in
 *       every app, the user stays signed in; {@code {"userId", "sessionsEnded"}}.</li>
 * </ul>
 * Unknown apps, sessions and users are 404 ({@code APP_NOT_FOUND}, {@code SESSION_NOT_FOUND}, {@code USER_NOT_FOUND});
 * a bad filter is 400. Tokens of TOKEN and SHARED sessions are never shown; sessions are named by their public id.
 */
public final class SessionAdminRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAdminRoutes.class);
    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 5000;

    private final AppStore apps;
    private final HostSessionStore sessions;
    private final UserAccounts accounts;
    private final Revocations revoked;
    private final Duration tokenLifetime;
    private final ObjectMapper mapper;
    private final SessionJson json;

    /**
     * @param apps          the app definitions
     * @param sessions      the host's session store
     * @param accounts      the user accounts
     * @param revoked       the revoked tokens
     * @param tokenLifetime how long issued tokens live
     * @param mapper        the host's mapper
     */
    public SessionAdminRoutes(AppStore apps, HostSessionStore sessions, UserAccounts accounts, Revocations revoked,
                              Duration tokenLifetime, ObjectMapper mapper) {
        this.apps = apps;
        this.sessions = sessions;
        this.accounts = accounts;
        this.revoked = revoked;
        this.tokenLifetime = tokenLifetime;
        this.mapper = mapper;
        this.json = new SessionJson(accounts::byId);
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/apps/{appId}/sessions", this::list);
        routes.get("/api/apps/{appId}/sessions/{sessionId}", this::inspect);
        routes.delete("/api/apps/{appId}/sessions/{sessionId}", this::end);
        routes.post("/api/users/{userId}/logout-everywhere", this::logoutEverywhere);
        routes.delete("/api/users/{userId}/sessions", this::eraseUserData);
    }

    private void list(Context ctx) {
        Access.withRole(ctx, Role.ADMIN);
        String appId = apps.require(ctx.pathParam("appId")).id();
        String userId = ctx.queryParam("userId");
        Scope scope = scope(ctx.queryParam("scope"));
        int limit = limit(ctx.queryParam("limit"));
        List<SessionInfo> matching = sessions.list(appId).stream()
                .filter(info -> userId == null || userId.equals(info.ownerUserId()))
                .filter(info -> scope == null || info.scope() == scope)
                .sorted(Comparator.comparing(SessionInfo::createdAt, Comparator.nullsLast(Comparator
                        .<Instant>reverseOrder())).thenComparing(SessionInfo::sessionId))
                .toList();
        ObjectNode answer = mapper.createObjectNode().put("appId", appId).put("total", matching.size());
        matching.stream().limit(limit).forEach(info -> answer.withArray("sessions").add(json.of(info)));
        answer.withArray("sessions");
        ctx.json(answer);
    }

    private void inspect(Context ctx) {
        Access.withRole(ctx, Role.ADMIN);
        String appId = apps.require(ctx.pathParam("appId")).id();
        String sessionId = ctx.pathParam("sessionId");
        ctx.json(json.withValues(sessions.inspect(appId, sessionId)
                .orElseThrow(() -> sessionNotFound(appId, sessionId))));
    }

    private void end(Context ctx) {
        String admin = Access.withRole(ctx, Role.ADMIN).user().username();
        String appId = apps.require(ctx.pathParam("appId")).id();
        String sessionId = ctx.pathParam("sessionId");
        if (!sessions.endById(appId, sessionId)) {
            throw sessionNotFound(appId, sessionId);
        }
        LOG.info("Admin '{}' ended session {} of app {}", admin, sessionId, appId);
        ctx.status(204);
    }

    private void logoutEverywhere(Context ctx) {
        String admin = Access.withRole(ctx, Role.ADMIN).user().username();
        User user = accounts.require(ctx.pathParam("userId"));
        revoked.revokeAllOf(user.id(), tokenLifetime);
        int ended = sessions.endUserSessions(user.id());
        LOG.info("Admin '{}' logged {} out everywhere: tokens revoked, {} GLOBAL session(s) ended", admin, user, ended);
        ctx.json(Map.of("userId", user.id(), "sessionsEnded", ended));
    }

    private void eraseUserData(Context ctx) {
        String admin = Access.withRole(ctx, Role.ADMIN).user().username();
        User user = accounts.require(ctx.pathParam("userId"));
        int ended = sessions.endUserSessions(user.id());
        LOG.info("Admin '{}' erased the session data of {}: {} GLOBAL session(s) ended", admin, user, ended);
        ctx.json(Map.of("userId", user.id(), "sessionsEnded", ended));
    }

    private static NotFoundException sessionNotFound(String appId, String sessionId) {
        return new NotFoundException("SESSION_NOT_FOUND", "App '" + appId + "' has no live session '" + sessionId
                + "'. It may have expired or ended; GET /api/apps/" + appId + "/sessions lists the live ones.",
                Map.of("appId", appId, "sessionId", sessionId));
    }

    private static Scope scope(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return Scope.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("INVALID_QUERY", "'scope' must be one of " + Arrays.toString(Scope.values())
                    + ", not '" + text + "'.", Map.of("field", "scope", "received", text));
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) return DEFAULT_LIMIT;
        String digits = text.trim();
        if (digits.matches("[0-9]{1,4}")) {
            int limit = Integer.parseInt(digits);
            if (limit >= 1 && limit <= MAX_LIMIT) return limit;
        }
        throw new InvalidInputException("INVALID_QUERY", "'limit' must be a whole number from 1 to " + MAX_LIMIT
                + ", not '" + text + "'.", Map.of("field", "limit", "received", text));
    }
}
