package dev.sessionkit.host.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@link ExecutionContext} of one direct method call: the app, the caller, the call's message, the store bound to
 * the app, a LOCAL session of its own, and the caller's GLOBAL session with the app's idle timeout.
 *
 * <p>Immutable; confined to the call (the invoker ends its LOCAL session when the call returns).
 */
final class DirectCallContext implements ExecutionContext {
    private final String appId;
    private final Optional<UserIdentity> user;
    private final JsonNode message;
    private final SessionStore sessions;
    private final SessionRef.Local local;
    private final Duration globalIdleTimeout;
    private final Clock clock;

    DirectCallContext(String appId, Optional<UserIdentity> user, JsonNode message, SessionStore sessions,
                      String executionId, Duration globalIdleTimeout, Clock clock) {
        this.appId = appId;
        this.user = user;
        this.message = message;
        this.sessions = sessions;
        this.local = new SessionRef.Local(appId, executionId);
        this.globalIdleTimeout = globalIdleTimeout;
        this.clock = clock;
    }

    @Override
    public String appId() {
        return appId;
    }

    @Override
    public Optional<UserIdentity> user() {
        return user;
    }

    @Override
    public JsonNode message() {
        return message;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public SessionRef.Local localSession() {
        return local;
    }

    @Override
    public SessionRef.Global globalSession() {
        return new SessionRef.Global(appId, requireUser(), globalIdleTimeout);
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
