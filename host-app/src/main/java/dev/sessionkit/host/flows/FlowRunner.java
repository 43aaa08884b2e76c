package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.MethodFailedException;
import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.Scope;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.host.auth.HostAccounts;
import dev.sessionkit.host.expression.ExecutionExpressionScope;
import dev.sessionkit.host.expression.ExpressionScope;
import dev.sessionkit.host.expression.RenderLimits;
import dev.sessionkit.host.methods.AppSessionStore;
import dev.sessionkit.host.methods.MethodCallContext;
import dev.sessionkit.host.methods.MethodInvoker;
import dev.sessionkit.host.methods.SessionCaller;
import dev.sessionkit.host.plugins.MethodRegistry;
import dev.sessionkit.host.plugins.RegisteredMethod;
import dev.sessionkit.host.quota.AnonymousQuota;
import dev.sessionkit.store.HostSessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs flows: one execution per request, the multi-step generalisation of a direct method call
 * ({@link MethodInvoker}).
 *
 * <ul>
 *   <li>An execution has its own LOCAL session (ended when it finishes, whatever happens) and reaches the caller's
 *       GLOBAL session in the app (with the app's idle timeout); without a user, GLOBAL is a 401. Its steps may read
 *       and write SHARED sessions whoever calls (the flow decides); a caller without a user starts anonymous sessions
 *       and takes from the anonymous quota ({@link AppSessionStore}).</li>
 *   <li>A method step: its input configuration is evaluated (EXPRESSION values against the message, sessions, user,
 *       request, For Each item) and validated against the method's descriptor; the method runs; a new message it
 *       returns replaces the message; then the Output Configuration applies: {@code dataType} converts the output or
 *       rejects it, {@code scope} + {@code name} store it as a variable, {@code target} writes it into the message.
 *       </li>
 *   <li>For Each and Parallel run sub-processes (see {@link ForEachStep}, {@link ParallelStep}) on the LOCAL session
 *       {@link LocalSession} gives them: shared, or a Scoped copy.</li>
 *   <li>Each step adds a {@link TraceEntry} (secrets redacted). A failing step fails the execution with an error
 *       naming the flow, the step and the method ({@link StepFailures}); a method whose plugin is not installed or is
 *       disabled fails with {@code PLUGIN_UNAVAILABLE} naming the plugin.</li>
 *   <li>An execution runs on the caller's thread; its timeout is checked before each step, and an
 *       {@link ExecutionWatchdog} interrupts the thread past the deadline, so a method blocked in a wait or I/O stops
 *       and the caller gets {@code 504 FLOW_TIMEOUT}. Parallel branches run on a bounded worker pool (the last branch
 *       on the current thread; on the current thread too when the pool is full) and are interrupted with it.</li>
 * </ul>
 * Every execution is recorded in the {@link ExecutionHistory}. The result carries the secret values the execution
 * handled ({@link SecretValues}), so its JSON form (the history, a test run) hides them wherever they travelled (the
 * message, a For Each or Parallel result, the response, an error); the trigger's caller gets the real response.
 *
 * <p>Thread-safe: many executions run at once; {@link #close()} stops the workers.
 */
public final class FlowRunner implements AutoCloseable {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long WATCHDOG_PERIOD_MILLIS = 50;

    private final Supplier<MethodRegistry> registry;
    private final HostSessionStore store;
    private final AnonymousQuota quota;
    private final Duration defaultGlobalIdleTimeout;
    private final Clock clock;
    private final ExecutionHistory history;
    private final RenderLimits renderLimits;
    private final HostAccounts accounts;
    private final ExecutorService workers;
    private final ExecutionWatchdog watchdog = new ExecutionWatchdog(WATCHDOG_PERIOD_MILLIS);

    private final ExecutionCounter executions;

    /**
     * @param registry                 the current method registry
     * @param store                    the host's session store
     * @param quota                    the quota of anonymous callers
     * @param defaultGlobalIdleTimeout the GLOBAL idle timeout of apps that set none
     * @param clock                    the host's clock
     * @param history                  where finished executions are kept
     * @param maxWorkers               how many threads may run Parallel branches at once
     * @param renderLimits             what the templates of one step may render
     * @param executions               counts finished executions by app and outcome
     * @param accounts                 the accounts plugins reach through
     *                                 {@link dev.sessionkit.api.ExecutionContext#accounts()}
     */
    public FlowRunner(Supplier<MethodRegistry> registry, HostSessionStore store, AnonymousQuota quota,
                      Duration defaultGlobalIdleTimeout, Clock clock, ExecutionHistory history, int maxWorkers,
                      RenderLimits renderLimits, ExecutionCounter executions, HostAccounts accounts) {
        this.executions = executions;
        this.registry = registry;
        this.store = store;
        this.quota = quota;
        this.defaultGlobalIdleTimeout = defaultGlobalIdleTimeout;
        this.clock = clock;
        this.history = history;
        this.renderLimits = renderLimits;
        this.accounts = accounts;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, maxWorkers, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "flow-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs a flow to its end (or its timeout).
     *
     * @param request the request
     * @return how it ended: the final message, or the failure (never thrown), with the trace
     */
    public ExecutionResult run(FlowRequest request) {
        long start = System.nanoTime();
        Instant startedAt = clock.instant();
        SessionCaller caller = new SessionCaller(request.user(), false, request.clientAddress());
        Execution execution = new Execution(request, registry.get(),
                new AppSessionStore(store, request.app().id(), caller, quota),
                MethodInvoker.executionId(), request.app().globalIdleTimeout(defaultGlobalIdleTimeout), clock, start,
                accounts);
        JsonNode response = null;
        SessionkitException error = null;
        try (ExecutionWatchdog.Guard guard = watchdog.watch(execution.deadlineNanos())) {
            try {
                response = execute(execution, request.message());
            } catch (SessionkitException e) {
                error = guard.fired() ? execution.timedOut() : e;
            } catch (RuntimeException e) {
                error = guard.fired() ? execution.timedOut() : failureOf(e);
            }
        }
        ExecutionResult result = new ExecutionResult(execution.id(), request.app().id(), request.flow().id(),
                request.user().map(user -> user.id()).orElse(null), request.runBy(), startedAt,
                (System.nanoTime() - start) / 1e6, response, error, execution.trace().entries(),
                execution.localSnapshot(), execution.globalSnapshot(), execution.secrets());
        history.record(result.forHistory());
        executions.finished(request.app().id(), outcomeOf(error));
        return result;
    }

    private static ExecutionCounter.Outcome outcomeOf(SessionkitException error) {
        if (error == null) return ExecutionCounter.Outcome.OK;
        if (error instanceof dev.sessionkit.api.error.GatewayTimeoutException) return ExecutionCounter.Outcome.TIMED_OUT;
        return dev.sessionkit.host.http.ErrorMapper.status(error) < 500 ? ExecutionCounter.Outcome.REFUSED
                : ExecutionCounter.Outcome.FAILED;
    }

    @Override
    public void close() {
        watchdog.close();
        workers.shutdownNow();
    }

    private ObjectNode execute(Execution execution, ObjectNode message) {
        LocalSession local = LocalSession.of(execution.sessions(), execution.localSession(), execution::nextForkId);
        try {
            return runSteps(execution, execution.flow().steps(), message, new Frame(local, null, null, ""));
        } finally {
            if (execution.request().testRun()) {
                execution.captureSessions();
            }
            MethodInvoker.endExecutionSession(store, execution.localSession());
        }
    }

    private static SessionkitException failureOf(Throwable cause) {
        if (cause instanceof SessionkitException product) return product;
        if (cause instanceof Error error) throw error;
        return new MethodFailedException("FLOW_FAILED", "The flow failed unexpectedly. The operator finds the "
                + "cause in the host log.", Map.of(), cause);
    }

    /** Where a (sub-)process runs: its LOCAL session, its For Each element, and its place for the trace. */
    private record Frame(LocalSession local, JsonNode item, Integer index, String path) {
    }

    private ObjectNode runSteps(Execution execution, List<FlowStep> steps, ObjectNode message, Frame frame) {
        ObjectNode current = message;
        for (FlowStep step : steps) {
            execution.checkDeadline();
            if (step instanceof MethodStep method) {
                current = runMethod(execution, method, current, frame);
            } else if (step instanceof ForEachStep forEach) {
                current = runForEach(execution, forEach, current, frame);
            } else {
                current = runParallel(execution, (ParallelStep) step, current, frame);
            }
        }
        return current;
    }

    private ObjectNode runMethod(Execution execution, MethodStep step, ObjectNode message, Frame frame) {
        RegisteredMethod method = execution.registry().find(step.methodId())
                .orElseThrow(() -> StepFailures.pluginUnavailable(execution.flow(), step, step.pluginId()));
        MethodCallContext context = execution.context(message, frame.local().forStep(step.scoped()));
        ExpressionScope scope = new ExecutionExpressionScope(context, execution.request().request(), frame.item(),
                frame.index(), execution.secrets()::add, renderLimits);
        long start = System.nanoTime();
        Redaction redaction = null;
        try {
            ObjectNode inputs = MethodInvoker.prepareInputs(method, context, step.compiled(), scope);
            redaction = Redaction.of(method.descriptor(), inputs, execution.secrets());
            MethodResult result = MethodInvoker.run(method, context, inputs);
            ObjectNode next = nextMessage(message, result, step);
            JsonNode output = applyOutput(step, result.output(), next, context,
                    redaction.outputMayHoldSecrets(result.meta()));
            execution.trace().record(new TraceEntry(step.id(), frame.path() + step.id(), step.methodId(),
                    redaction.input(), redaction.output(output, result.meta()), millisSince(start), null));
            return next;
        } catch (SessionkitException e) {
            SessionkitException failure = StepFailures.ofMethod(execution.flow(), step, method.pluginId(), e);
            JsonNode input = redaction != null ? redaction.input()
                    : e instanceof InvalidInputException ? refusedInput(execution, method, step, scope) : null;
            execution.trace().record(new TraceEntry(step.id(), frame.path() + step.id(), step.methodId(), input, null,
                    millisSince(start), errorOf(failure)));
            throw failure;
        }
    }

    /**
     * The input of a step whose inputs the descriptor refused, for its trace entry: the expressions evaluated again,
     * not validated, secrets hidden; null when they cannot be evaluated (the step's error stays the one reported).
     */
    private static JsonNode refusedInput(Execution execution, RegisteredMethod method, MethodStep step,
                                         ExpressionScope scope) {
        JsonNode resolved;
        try {
            resolved = step.compiled().resolve(scope);
        } catch (RuntimeException evaluationFailed) {
            return null;
        }
        return resolved instanceof ObjectNode inputs
                ? Redaction.of(method.descriptor(), inputs, execution.secrets()).input() : resolved;
    }

    private static ObjectNode nextMessage(ObjectNode message, MethodResult result, MethodStep step) {
        if (result.message() == null) return message;
        if (!result.message().isObject()) {
            throw new MethodFailedException("INVALID_METHOD_MESSAGE", "Method '" + step.methodId() + "' returned a "
                    + "message that is not a JSON object; report it to the plugin's author.", Map.of(), null);
        }
        return (ObjectNode) result.message();
    }

    /**
     * Applies a step's output configuration. A variable that keeps an output holding a secret value is marked secret,
     * so session views and exports redact it like the parameter it came from.
     */
    private static JsonNode applyOutput(MethodStep step, JsonNode output, ObjectNode message,
                                        MethodCallContext context, boolean secret) {
        OutputConfig config = step.output();
        if (config == null) return output;
        JsonNode value = output;
        if (config.dataType() != null) {
            value = config.dataType().coerce("output", value);
        }
        if (config.name() != null) {
            SessionRef session = config.scope() == Scope.GLOBAL ? context.globalSession() : context.localSession();
            context.sessions().put(session, Map.of(config.name(), value.deepCopy()),
                    secret ? new PutOptions(false, null, Set.of(config.name())) : PutOptions.DEFAULT);
        }
        if (config.target() != null && !config.target().write(message, value.deepCopy())) {
            throw new InvalidInputException("TARGET_BLOCKED", "The output cannot be written to the message at '"
                    + config.target().text() + "': a field on the way holds a value that is not an object. Choose "
                    + "another output.target.", Map.of("field", "output.target"));
        }
        return value;
    }

    private ObjectNode runForEach(Execution execution, ForEachStep step, ObjectNode message, Frame frame) {
        long start = System.nanoTime();
        ObjectNode input = NODES.objectNode().put("items", step.items().source()).put("scoped", step.scoped());
        try {
            MethodCallContext context = execution.context(message, frame.local().current());
            JsonNode items = step.items().evaluate(new ExecutionExpressionScope(context, execution.request().request(),
                    frame.item(), frame.index(), execution.secrets()::add, renderLimits));
            if (!items.isNull() && !items.isArray()) {
                throw new InvalidInputException("ITEMS_NOT_AN_ARRAY", "For Each needs an array, but "
                        + step.items().source() + " is " + items.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                        + ".", Map.of("field", "items"));
            }
            ArrayNode results = NODES.arrayNode();
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                LocalSession local = frame.local().subProcess(step.scoped());
                try {
                    ObjectNode itemMessage = item.isObject() ? item.deepCopy() : NODES.objectNode();
                    results.add(runSteps(execution, step.steps(), itemMessage,
                            new Frame(local, item, i, frame.path() + step.id() + "[" + i + "].")));
                } finally {
                    local.end();
                }
            }
            writeResults(step.target(), message, results);
            execution.trace().record(new TraceEntry(step.id(), frame.path() + step.id(), "for-each", input, results,
                    millisSince(start), null));
            return message;
        } catch (SessionkitException e) {
            SessionkitException failure = StepFailures.of(execution.flow(), step.id(), "for-each", null, e);
            execution.trace().record(new TraceEntry(step.id(), frame.path() + step.id(), "for-each", input, null,
                    millisSince(start), errorOf(failure)));
            throw failure;
        }
    }

    private ObjectNode runParallel(Execution execution, ParallelStep step, ObjectNode message, Frame frame) {
        long start = System.nanoTime();
        ObjectNode input = NODES.objectNode().put("scoped", step.scoped());
        step.branches().forEach(branch -> input.withArray("branches").add(branch.id()));
        List<Future<ObjectNode>> running = new ArrayList<>();
        List<ParallelStep.Branch> branches = step.branches();
        try {
            for (int i = 0; i < branches.size(); i++) {
                ParallelStep.Branch branch = branches.get(i);
                ObjectNode branchMessage = message.deepCopy();
                Callable<ObjectNode> work = () -> runBranch(execution, step, branch, branchMessage, frame);
                running.add(i == branches.size() - 1 ? completed(work) : submit(work));
            }
            ObjectNode results = NODES.objectNode();
            SessionkitException failure = null;
            for (int i = 0; i < branches.size(); i++) {
                try {
                    results.set(branches.get(i).id(), join(execution, running.get(i)));
                } catch (SessionkitException e) {
                    if (failure == null) failure = StepFailures.ofBranch(step, branches.get(i).id(), e);
                }
            }
            if (failure != null) throw failure;
            writeResults(step.target(), message, results);
            execution.trace().record(new TraceEntry(step.id(), frame.path() + step.id(), "parallel", input, results,
                    millisSince(start), null));
            return message;
        } catch (SessionkitException e) {
            running.forEach(future -> future.cancel(true));
            SessionkitException failure = StepFailures.of(execution.flow(), step.id(), "parallel", null, e);
            execution.trace().record(new TraceEntry(step.id(), frame.path() + step.id(), "parallel", input, null,
                    millisSince(start), errorOf(failure)));
            throw failure;
        }
    }

    private ObjectNode runBranch(Execution execution, ParallelStep step, ParallelStep.Branch branch,
                                 ObjectNode message, Frame frame) {
        LocalSession local = frame.local().subProcess(step.scoped());
        try {
            return runSteps(execution, branch.steps(), message,
                    new Frame(local, frame.item(), frame.index(), frame.path() + step.id() + "." + branch.id() + "."));
        } finally {
            local.end();
        }
    }

    private <T> Future<T> submit(Callable<T> work) {
        try {
            return workers.submit(work);
        } catch (RejectedExecutionException e) {
            return completed(work);
        }
    }

    /** Runs work on this thread, as a finished future holding its result or failure. */
    private static <T> Future<T> completed(Callable<T> work) {
        java.util.concurrent.CompletableFuture<T> future = new java.util.concurrent.CompletableFuture<>();
        try {
            future.complete(work.call());
        } catch (Exception e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /**
     * Waits for work at most until the execution's deadline: past it, the work is interrupted and the execution
     * times out.
     */
    private static <T> T join(Execution execution, Future<T> future) {
        try {
            return future.get(Math.max(0, execution.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw execution.timedOut();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MethodFailedException("INTERRUPTED", "The host is stopping; the flow was interrupted.",
                    Map.of("flowId", execution.flow().id()), e);
        } catch (ExecutionException e) {
            throw failureOf(e.getCause());
        }
    }

    private static void writeResults(MessagePath target, ObjectNode message, JsonNode results) {
        if (!target.write(message, results)) {
            throw new InvalidInputException("TARGET_BLOCKED", "The results cannot be written to the message at '"
                    + target.text() + "': a field on the way holds a value that is not an object. Choose another "
                    + "target.", Map.of("field", "target"));
        }
    }

    private static Map<String, Object> errorOf(SessionkitException failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", failure.code());
        error.put("message", failure.getMessage());
        error.put("status", dev.sessionkit.host.http.ErrorMapper.status(failure));
        return error;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
