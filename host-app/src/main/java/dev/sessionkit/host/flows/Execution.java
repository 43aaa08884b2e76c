package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.GatewayTimeoutException;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.host.auth.HostAccounts;
import dev.sessionkit.host.methods.MethodCallContext;
import dev.sessionkit.host.plugins.MethodRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of one run of a flow: the request, the registry snapshot it started with, its LOCAL session, its
 * deadline, its trace and the secret values it handled.
 *
 * <p>Thread-safe: Parallel branches share it (the trace, the secret values and the fork counter are synchronized or
 * atomic; the rest is immutable).
 */
final class Execution {
    private final FlowRequest request;
    private final MethodRegistry registry;
    private final SessionStore sessions;
    private final String id;
    private final SessionRef.Local local;
    private final Duration globalIdleTimeout;
    private final Clock clock;
    private final long deadlineNanos;
    private final HostAccounts accounts;
    /** Who a Sign In step of this execution signed in, or null: the steps after it run as them. */
    private volatile UserIdentity signedIn;
    private final ExecutionTrace trace = new ExecutionTrace();
    private final SecretValues secrets = new SecretValues();
    private final AtomicInteger forks = new AtomicInteger();
    private volatile JsonNode localSnapshot;
    private volatile JsonNode globalSnapshot;

    Execution(FlowRequest request, MethodRegistry registry, SessionStore sessions, String id,
              Duration globalIdleTimeout, Clock clock, long startNanos, HostAccounts accounts) {
        this.request = request;
        this.registry = registry;
        this.sessions = sessions;
        this.id = id;
        this.local = new SessionRef.Local(request.app().id(), id);
        this.globalIdleTimeout = globalIdleTimeout;
        this.clock = clock;
        this.deadlineNanos = startNanos + request.flow().timeout().toNanos();
        this.accounts = accounts;
    }

    FlowRequest request() {
        return request;
    }

    Flow flow() {
        return request.flow();
    }

    MethodRegistry registry() {
        return registry;
    }

    SessionStore sessions() {
        return sessions;
    }

    String id() {
        return id;
    }

    SessionRef.Local localSession() {
        return local;
    }

    ExecutionTrace trace() {
        return trace;
    }

    /** @return the secret values the execution has handled so far */
    SecretValues secrets() {
        return secrets;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** @return a new execution id for a Scoped copy of a LOCAL session, unique in this execution */
    String nextForkId() {
        return id + "/" + forks.incrementAndGet();
    }

    /**
     * The user the next step runs as: the request's, until a Sign In step ({@code Accounts.signIn}) of this
     * execution signs someone in; from then on that user (a login flow can then fill the new user's GLOBAL session).
     *
     * @return the user, or empty
     */
    Optional<UserIdentity> user() {
        UserIdentity switched = signedIn;
        return switched != null ? Optional.of(switched) : request.user();
    }

    /**
     * @param message the message the call sees
     * @param session the LOCAL session it works on
     * @return the context of one method call in this execution
     */
    MethodCallContext context(JsonNode message, SessionRef.Local session) {
        UserIdentity switched = signedIn; // read once: Parallel branches may sign someone in meanwhile
        Optional<UserIdentity> user = switched != null ? Optional.of(switched) : request.user();
        // The request's token belongs to the request's user only; a user signed in by a step has none of their own.
        return new MethodCallContext(request.app().id(), user, message, sessions, session, globalIdleTimeout, clock,
                accounts.forCall(user, switched != null ? Optional.empty() : request.token(),
                        request.clientAddress(), who -> signedIn = who));
    }

    /** @throws GatewayTimeoutException code {@code FLOW_TIMEOUT} when the flow's time is up */
    void checkDeadline() {
        if (System.nanoTime() - deadlineNanos > 0) throw timedOut();
    }

    /** @return the failure of an execution over its timeout */
    GatewayTimeoutException timedOut() {
        Flow flow = request.flow();
        return new GatewayTimeoutException("FLOW_TIMEOUT", "Flow '" + flow.id() + "' of app '" + request.app().id()
                + "' did not finish within its timeout of " + flow.timeout().toSeconds() + " s. Make its steps "
                + "faster, or raise the flow's timeoutSeconds.", Map.of("appId", request.app().id(), "flowId",
                flow.id(), "timeoutSeconds", flow.timeout().toSeconds()));
    }

    /**
     * Keeps the LOCAL and GLOBAL session contents, for a test run, with the values of parameters marked secret
     * redacted; call before the LOCAL session ends. A GLOBAL session that does not exist is not created.
     */
    void captureSessions() {
        localSnapshot = snapshot(local);
        Optional<UserIdentity> user = user();
        if (user.isEmpty()) {
            globalSnapshot = JsonNodeFactory.instance.objectNode();
            return;
        }
        SessionRef.Global global = new SessionRef.Global(request.app().id(), user.get(), globalIdleTimeout);
        globalSnapshot = sessions.exists(global) ? snapshot(global) : JsonNodeFactory.instance.objectNode();
    }

    JsonNode localSnapshot() {
        return localSnapshot;
    }

    JsonNode globalSnapshot() {
        return globalSnapshot;
    }

    private ObjectNode snapshot(SessionRef session) {
        Set<String> secret = sessions.info(session).map(SessionInfo::secretNames).orElse(Set.of());
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        sessions.get(session, null).forEach((name, value) -> {
            // A secret text or number is a secret value; an object or array is marked secret when it holds one
            // (a variable keeping Get Parameters' output), and its secret parts are known by the step that read them.
            if (secret.contains(name) && !value.isContainerNode()) secrets.add(value);
            object.set(name, secret.contains(name) ? Redaction.HIDDEN : value);
        });
        return object;
    }
}
