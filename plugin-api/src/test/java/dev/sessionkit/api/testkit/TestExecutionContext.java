package dev.sessionkit.api.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.accounts.Accounts;
import dev.sessionkit.api.descriptor.InputValidator;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An {@link ExecutionContext} for testing methods without a host: give it a store, an app, a user (or none) and a
 * message, then {@link #call} a method the way the host does (inputs validated against the descriptor, 401 for a
 * method that requires a user when there is none).
 *
 * <p>Each instance is one execution with its own LOCAL session. Not thread-safe to reconfigure; calls may run
 * concurrently.
 */
public final class TestExecutionContext implements ExecutionContext {
    /** The GLOBAL idle timeout used unless {@link #withGlobalIdleTimeout} says otherwise (the host's default). */
    public static final Duration DEFAULT_GLOBAL_IDLE = Duration.ofMinutes(30);

    private final SessionStore store;
    private final String appId;
    private final UserIdentity user;
    private final JsonNode message;
    private final Clock clock;
    private final Duration globalIdle;
    private final SessionRef.Local local;
    private final Accounts accounts;

    private TestExecutionContext(SessionStore store, String appId, UserIdentity user, JsonNode message, Clock clock,
                                 Duration globalIdle, String executionId, Accounts accounts) {
        this.store = Objects.requireNonNull(store);
        this.appId = Objects.requireNonNull(appId);
        this.user = user;
        this.message = message == null ? JsonNodeFactory.instance.objectNode() : message;
        this.clock = Objects.requireNonNull(clock);
        this.globalIdle = globalIdle;
        this.local = new SessionRef.Local(appId, executionId);
        this.accounts = accounts;
    }

    /**
     * @param store the store under test
     * @param appId the app
     * @param clock the clock the store runs on
     * @return an anonymous execution with an empty message
     */
    public static TestExecutionContext of(SessionStore store, String appId, Clock clock) {
        return new TestExecutionContext(store, appId, null, null, clock, DEFAULT_GLOBAL_IDLE, UUID.randomUUID().toString(),
                null);
    }

    /** @param user the signed-in user, or null for none @return a new execution with that user */
    public TestExecutionContext withUser(UserIdentity user) {
        return new TestExecutionContext(store, appId, user, message, clock, globalIdle, UUID.randomUUID().toString(),
                accounts);
    }

    /** @param message the message @return the same execution (same LOCAL session) with that message */
    public TestExecutionContext withMessage(JsonNode message) {
        return new TestExecutionContext(store, appId, user, message, clock, globalIdle, local.executionId(), accounts);
    }

    /** @param idle the GLOBAL idle timeout @return the same execution with that timeout */
    public TestExecutionContext withGlobalIdleTimeout(Duration idle) {
        return new TestExecutionContext(store, appId, user, message, clock, idle, local.executionId(), accounts);
    }

    /**
     * @param accounts the accounts a method reaches through {@link #accounts()}, bound to this execution's caller:
     *                 {@link InMemoryAccounts#anonymous}, {@link InMemoryAccounts#bearer} or
     *                 {@link InMemoryAccounts#user}
     * @return the same execution with those accounts
     */
    public TestExecutionContext withAccounts(Accounts accounts) {
        return new TestExecutionContext(store, appId, user, message, clock, globalIdle, local.executionId(),
                Objects.requireNonNull(accounts, "accounts"));
    }

    /**
     * Calls a method as the host would: validates the inputs against its descriptor, refuses a user-only method
     * without a user, then invokes it.
     *
     * @param method the method
     * @param inputs its inputs (JSON object), or null
     * @return the method's result
     */
    public MethodResult call(PluginMethod method, JsonNode inputs) {
        if (method.descriptor().requiresUser()) {
            requireUser();
        }
        ObjectNode validated = InputValidator.validate(method.descriptor(), inputs);
        return method.invoke(this, validated);
    }

    @Override
    public String appId() {
        return appId;
    }

    @Override
    public Optional<UserIdentity> user() {
        return Optional.ofNullable(user);
    }

    @Override
    public JsonNode message() {
        return message;
    }

    @Override
    public SessionStore sessions() {
        return store;
    }

    @Override
    public SessionRef.Local localSession() {
        return local;
    }

    @Override
    public SessionRef.Global globalSession() {
        return new SessionRef.Global(appId, requireUser(), globalIdle);
    }

    /** @throws IllegalStateException when no accounts were given with {@link #withAccounts} */
    @Override
    public Accounts accounts() {
        if (accounts == null) {
            throw new IllegalStateException("This test execution has no accounts: give it some with "
                    + "withAccounts(new InMemoryAccounts(...).anonymous(address)).");
        }
        return accounts;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
