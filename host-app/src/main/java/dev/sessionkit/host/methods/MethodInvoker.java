package dev.sessionkit.host.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.error.MethodFailedException;
import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.host.apps.App;
import dev.sessionkit.host.apps.AppStore;
import dev.sessionkit.host.auth.HostAccounts;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.host.expression.ExecutionExpressionScope;
import dev.sessionkit.host.expression.ExpressionScope;
import dev.sessionkit.host.expression.InputExpressions;
import dev.sessionkit.host.expression.RenderLimits;
import dev.sessionkit.host.expression.RequestView;
import dev.sessionkit.host.plugins.MethodRegistry;
import dev.sessionkit.host.quota.AnonymousQuota;
import dev.sessionkit.host.plugins.RegisteredMethod;
import dev.sessionkit.store.HostSessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one direct method call as a one-step execution.
 *
 * <ol>
 *   <li>The app must exist ({@code 404 APP_NOT_FOUND}) and the method be installed ({@code 404 METHOD_NOT_FOUND}).</li>
 *   <li>A method whose descriptor requires a user needs a signed-in caller ({@code 401 AUTHENTICATION_REQUIRED}).</li>
 *   <li>The execution gets its own LOCAL session (a fresh execution id), ended in a {@code finally} whatever
 *       happens, if the call used it; its store is bound to the app and to the caller of a direct call
 *       ({@link AppSessionStore}: the rules on SHARED sessions, the quota and limits of anonymous callers); its
 *       GLOBAL session uses the app's idle timeout, else the host's.</li>
 *   <li>EXPRESSION values in the inputs are evaluated ({@link InputExpressions}; the HTTP request is looked at only
 *       when one reads {@code request.*}), then the inputs are validated against the descriptor
 *       ({@code 400 INVALID_INPUT} with {@code details.violations}); templates render under the host's
 *       {@link RenderLimits} ({@code 413 EXPRESSION_RESULT_TOO_LARGE}).</li>
 *   <li>The method runs with its plugin's class loader as the thread's context class loader. A
 *       {@link SessionkitException} it throws passes through (its own status); any other failure becomes
 *       {@code 500 METHOD_FAILED} naming the method and the plugin, with the cause kept for the log.</li>
 * </ol>
 *
 * <p>Thread-safe: it keeps no per-call state; many calls run concurrently.
 */
public final class MethodInvoker {
    private static final Logger LOG = LoggerFactory.getLogger(MethodInvoker.class);

    private final AppStore apps;
    private final Supplier<MethodRegistry> registry;
    private final HostSessionStore store;
    private final AnonymousQuota quota;
    private final Duration defaultGlobalIdleTimeout;
    private final Clock clock;
    private final RenderLimits renderLimits;
    private final HostAccounts accounts;

    /**
     * @param apps                     the app definitions
     * @param registry                 the current method registry
     * @param store                    the host's session store
     * @param quota                    the quota of anonymous callers
     * @param defaultGlobalIdleTimeout the GLOBAL idle timeout of apps that set none
     * @param clock                    the host's clock
     * @param renderLimits             what the templates of one call's inputs may render
     * @param accounts                 the accounts plugins reach through {@link ExecutionContext#accounts()}
     */
    public MethodInvoker(AppStore apps, Supplier<MethodRegistry> registry, HostSessionStore store,
                         AnonymousQuota quota, Duration defaultGlobalIdleTimeout, Clock clock,
                         RenderLimits renderLimits, HostAccounts accounts) {
        this.apps = apps;
        this.registry = registry;
        this.store = store;
        this.quota = quota;
        this.defaultGlobalIdleTimeout = defaultGlobalIdleTimeout;
        this.clock = clock;
        this.renderLimits = renderLimits;
        this.accounts = accounts;
    }

    /**
     * @param call the call
     * @return what the method returned
     * @throws SessionkitException the failures listed above, and those of the method
     */
    public CallResult invoke(DirectCall call) {
        App app = apps.require(call.appId());
        RegisteredMethod method = registry.get().require(call.methodId());
        String executionId = executionId();
        MethodCallContext context = new MethodCallContext(app.id(), call.user(), call.message(),
                new AppSessionStore(store, app.id(), new SessionCaller(call.user(), true, call.clientAddress()), quota),
                new SessionRef.Local(app.id(), executionId),
                app.globalIdleTimeout(defaultGlobalIdleTimeout), clock,
                accounts.forCall(call.user(), call.token(), call.clientAddress()));
        try {
            InputExpressions compiled = InputExpressions.compile(call.inputs());
            RequestView request = compiled.readsRequest() ? call.request().get() : RequestView.EMPTY;
            ObjectNode inputs = prepareInputs(method, context, compiled, ExecutionExpressionScope.of(context, request,
                    renderLimits));
            return new CallResult(method.descriptor().id(), method.pluginId(), executionId,
                    run(method, context, inputs));
        } finally {
            endExecutionSession(store, context.localSession());
        }
    }

    /**
     * Readies a method's configured inputs for a call: checks that a method requiring a user has one, evaluates the
     * EXPRESSION values ({@link InputExpressions}), then validates the result against the descriptor.
     *
     * @param method  the method
     * @param context the call's context
     * @param inputs  the inputs as configured, compiled
     * @param scope   where expressions are looked up
     * @return the validated inputs, coerced, with defaults applied
     * @throws dev.sessionkit.api.error.UnauthorizedException when the method requires a user and there is none
     * @throws dev.sessionkit.api.error.InvalidInputException  {@code INVALID_INPUT}
     */
    public static ObjectNode prepareInputs(RegisteredMethod method, ExecutionContext context, InputExpressions inputs,
                                           ExpressionScope scope) {
        if (method.descriptor().requiresUser()) {
            context.requireUser();
        }
        return inputs.validate(method.descriptor(), scope);
    }

    /**
     * A random 128-bit id, unique in practice. It need not be unguessable (only the call's context can address its
     * LOCAL session), so it avoids the shared {@code SecureRandom} behind {@link UUID#randomUUID()}.
     *
     * @return a new execution id
     */
    public static String executionId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /**
     * Runs a method with its plugin's class loader as the thread's context class loader.
     *
     * @param method  the method
     * @param context the call's context
     * @param inputs  validated inputs
     * @return what the method returned, never null
     * @throws SessionkitException the method's own failures unchanged; any other failure as {@code 500
     *                             METHOD_FAILED} naming the method and the plugin
     */
    public static MethodResult run(RegisteredMethod method, ExecutionContext context, ObjectNode inputs) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(method.classLoader());
        try {
            MethodResult result = method.method().invoke(context, inputs);
            if (result == null) {
                throw new IllegalStateException("the method returned null instead of a MethodResult");
            }
            return result;
        } catch (SessionkitException e) {
            throw e;
        } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
            throw new MethodFailedException("METHOD_FAILED", "Method '" + method.descriptor().id() + "' of plugin '"
                    + method.pluginId() + "' failed unexpectedly. The operator finds the cause in the host log; "
                    + "report it to the plugin's author.",
                    Map.of("methodId", method.descriptor().id(), "pluginId", method.pluginId()), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Ends an execution's own LOCAL session when it finishes, if it used one ({@link HostSessionStore#holds}): most
     * direct calls never do, and then nothing is done (no store operation observed). Logs, does not throw, a failure.
     *
     * @param store the host's store
     * @param local the execution's LOCAL session
     */
    public static void endExecutionSession(HostSessionStore store, SessionRef.Local local) {
        if (store.holds(local)) endLocalSession(store, local);
    }

    /**
     * Ends a LOCAL session, logging (not throwing) a failure: called in {@code finally} blocks.
     *
     * @param store the host's store
     * @param local the session to end
     */
    public static void endLocalSession(SessionStore store, SessionRef.Local local) {
        try {
            store.end(local);
        } catch (RuntimeException e) {
            LOG.error("Cannot end the LOCAL session of execution {} in app {}", local.executionId(), local.appId(), e);
        }
    }
}
