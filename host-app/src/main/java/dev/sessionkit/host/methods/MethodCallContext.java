package dev.sessionkit.host.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.accounts.Accounts;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@link ExecutionContext} of one method call, directly or as a step of a flow: the app, the caller, the message
 * the method works on, the store bound to the app, the LOCAL session the call works on (the execution's own, or a
 * Scoped sub-process's copy), the caller's GLOBAL session with the app's idle timeout, and the accounts host service
 * bound to the caller.
 *
 * <p>Immutable and safe to share between threads; it must not be kept after the call returns (whoever created the
 * LOCAL session ends it).
 */
public final class MethodCallContext implements ExecutionContext {
    private final String appId;
    private final Optional<UserIdentity> user;
    private final JsonNode message;
    private final SessionStore sessions;
    private final SessionRef.Local local;
    private final Duration globalIdleTimeout;
    private final Clock clock;
    private final Accounts accounts;

    /**
     * @param appId             the app, not null
     * @param user              the verified caller, or empty; not null
     * @param message           the message, a JSON object, not null
     * @param sessions          the store bound to the app, not null
     * @param local             the LOCAL session the call works on, of the same app, not null
     * @param globalIdleTimeout the app's GLOBAL idle timeout, positive
     * @param clock             the host's clock, not null
     * @param accounts          the accounts host service, bound to the caller, not null
     */
    public MethodCallContext(String appId, Optional<UserIdentity> user, JsonNode message, SessionStore sessions,
                             SessionRef.Local local, Duration globalIdleTimeout, Clock clock, Accounts accounts) {
        this.appId = appId;
        this.user = user;
        this.message = message;
        this.sessions = sessions;
        this.local = local;
        this.globalIdleTimeout = globalIdleTimeout;
        this.clock = clock;
        this.accounts = accounts;
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
    public Accounts accounts() {
        return accounts;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
