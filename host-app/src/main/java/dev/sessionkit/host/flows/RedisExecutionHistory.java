package dev.sessionkit.host.flows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.host.cluster.SharedState;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ExecutionHistory} of a cluster: in Redis, shared by every host, so an execution run through one host is
 * listed by all of them.
 *
 * <ul>
 *   <li>Layout: {@code {ns}:host:executions:<appId>/<flowId>} is a list of the flow's last executions, newest first,
 *       each the JSON {@code {"full": ..., "summary": ...}} of its two views ({@link ExecutionResult#toJson},
 *       {@link ExecutionResult#toSummaryJson}) rendered by the host's mapper when recorded, secret values already
 *       hidden: the execution's secret values themselves never reach Redis. {@code {ns}:host:execution-flows:<appId>}
 *       is the set of the app's flows that have a list, for {@link #retain}. App and flow ids hold no {@code /}.</li>
 *   <li>Bound: one script pushes and trims the list to {@code perFlow} entries atomically, so concurrent executions on
 *       any number of hosts keep exactly the last {@code perFlow}.</li>
 *   <li>Cost: recording renders the execution once and is one round trip, on the request thread, so that an execution
 *       is listed as soon as its trigger answered (the editor reads it right after a test run).</li>
 *   <li>Redis down: {@link #record} and {@link #retain} log once and skip (the history is diagnostics); {@link
 *       #recent} answers {@code 503 SHARED_STATE_UNAVAILABLE} after at most the connection's timeout.</li>
 * </ul>
 * Thread-safe.
 */
public final class RedisExecutionHistory implements ExecutionHistory {
    private static final Logger LOG = LoggerFactory.getLogger(RedisExecutionHistory.class);
    private static final String WHAT = "The shared execution history";

    /** KEYS list, flows; ARGV entry, perFlow, flowId. */
    private static final String RECORD = """
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            redis.call('SADD', KEYS[2], ARGV[3])
            return {'OK'}
            """;

    /** KEYS flows; ARGV list key prefix, then the flow ids kept. */
    private static final String RETAIN = """
            local keep = {}
            for i = 2, #ARGV do keep[ARGV[i]] = true end
            local dropped = 0
            for _, flow in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if not keep[flow] then
                redis.call('DEL', ARGV[1] .. flow)
                redis.call('SREM', KEYS[1], flow)
                dropped = dropped + 1
              end
            end
            return {'OK', dropped}
            """;

    private final SharedState shared;
    private final ObjectMapper mapper;
    private final int perFlow;
    /** Whether the last write failed, so an outage is logged once rather than for each execution. */
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param shared  the cluster's shared state
     * @param mapper  the host's mapper
     * @param perFlow how many executions to keep per flow, at least 1 (every host of a cluster must use the same)
     */
    public RedisExecutionHistory(SharedState shared, ObjectMapper mapper, int perFlow) {
        if (perFlow < 1) throw new IllegalArgumentException("perFlow must be at least 1");
        this.shared = shared;
        this.mapper = mapper;
        this.perFlow = perFlow;
    }

    @Override
    public void record(ExecutionResult result) {
        ObjectNode entry = mapper.createObjectNode();
        entry.set("full", result.toJson(mapper));
        entry.set("summary", result.toSummaryJson(mapper));
        String json;
        try {
            json = mapper.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("An execution's JSON could not be written", e);
        }
        write("execution " + result.executionId() + " of flow " + result.flowId(), () -> shared.script(WHAT, RECORD,
                List.of(listKey(result.appId(), result.flowId()), flowsKey(result.appId())), json,
                Integer.toString(perFlow), result.flowId()));
    }

    @Override
    public List<RecordedExecution> recent(String appId, String flowId) {
        List<String> entries = shared.call(WHAT, commands -> commands.lrange(listKey(appId, flowId), 0, perFlow - 1));
        List<RecordedExecution> executions = new ArrayList<>(entries.size());
        for (String entry : entries) {
            try {
                JsonNode stored = mapper.readTree(entry);
                executions.add(new Stored((ObjectNode) stored.get("full"), (ObjectNode) stored.get("summary")));
            } catch (JsonProcessingException | ClassCastException e) {
                LOG.warn("Skipped an entry of the shared execution history of flow {} of app {} that is not an "
                        + "execution's JSON ({})", flowId, appId, e.getClass().getSimpleName());
            }
        }
        return executions;
    }

    @Override
    public void retain(String appId, Set<String> flowIds) {
        List<String> args = new ArrayList<>(flowIds.size() + 1);
        args.add(listKey(appId, ""));
        args.addAll(flowIds);
        write("the executions of flows removed from app " + appId, () -> shared.script(WHAT, RETAIN,
                List.of(flowsKey(appId)), args.toArray(String[]::new)));
    }

    /** Runs a write; an unreachable Redis is logged when it starts failing and when it works again, never thrown. */
    private void write(String what, Runnable write) {
        try {
            write.run();
            if (failing.compareAndSet(true, false)) {
                LOG.info("The shared execution history can be written again");
            }
        } catch (ServiceUnavailableException e) {
            if (failing.compareAndSet(false, true)) {
                LOG.warn("The shared execution history cannot be written, so {} is not kept (nor further changes "
                        + "until Redis answers again): {}", what, e.getMessage());
            }
        }
    }

    private String listKey(String appId, String flowId) {
        return shared.key("executions:" + appId + "/" + flowId);
    }

    private String flowsKey(String appId) {
        return shared.key("execution-flows:" + appId);
    }

    /** An execution as stored: its two rendered views. */
    private record Stored(ObjectNode full, ObjectNode summary) implements RecordedExecution {
        @Override
        public String executionId() {
            return full.path("executionId").asText();
        }

        @Override
        public String runBy() {
            JsonNode runBy = full.get("runBy");
            return runBy == null || runBy.isNull() ? null : runBy.asText();
        }

        @Override
        public ObjectNode toJson(ObjectMapper mapper) {
            return full;
        }

        @Override
        public ObjectNode toSummaryJson(ObjectMapper mapper) {
            return summary;
        }
    }
}
