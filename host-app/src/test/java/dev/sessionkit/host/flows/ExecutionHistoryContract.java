package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.host.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ExecutionHistory}, as tests: the in-memory history and the Redis one extend this class, the
 * latter with a second host's history over the same Redis as the peer.
 */
abstract class ExecutionHistoryContract {
    protected static final ObjectMapper MAPPER = Json.newMapper();

    /** @param perFlow the bound @return a new, empty history */
    protected abstract ExecutionHistory newHistory(int perFlow);

    /** @param first a history @return another host's history over the same store, or {@code first} */
    protected ExecutionHistory peerOf(ExecutionHistory first) {
        return first;
    }

    protected static ExecutionResult result(String appId, String flowId, String id) {
        return new ExecutionResult(id, appId, flowId, null, "u-1", Instant.EPOCH, 1, MAPPER.createObjectNode(), null,
                List.of(), null, null, new SecretValues());
    }

    /** A failed execution that handled the secret value {@code k-98765}, in its history form. */
    protected static ExecutionResult failedWithASecret(String id) throws JsonProcessingException {
        SecretValues secrets = new SecretValues();
        secrets.add(TextNode.valueOf("k-98765"));
        JsonNode message = MAPPER.readTree("{\"auth\": \"Bearer k-98765\", \"sku\": \"A-1\", \"price\": 1.50}");
        InvalidInputException error = new InvalidInputException("INVALID_INPUT", "Refused 'k-98765'.",
                Map.of("value", "k-98765"));
        Map<String, Object> stepError = Map.of("code", "INVALID_INPUT", "message", "Refused 'k-98765'.", "status", 400);
        return new ExecutionResult(id, "app", "f", "u-2", "u-2", Instant.parse("2026-01-01T08:00:00.123Z"), 2.5,
                null, error, List.of(new TraceEntry("s", "s", "test.value", message, null, 0.0001, stepError)),
                null, null, secrets).forHistory();
    }

    private static List<String> ids(List<RecordedExecution> executions) {
        return executions.stream().map(RecordedExecution::executionId).toList();
    }

    /** The JSON as a client reads it: written out and parsed again by the host's mapper. */
    protected static JsonNode asSent(JsonNode json) throws JsonProcessingException {
        return MAPPER.readTree(MAPPER.writeValueAsString(json));
    }

    @Test
    void keepsTheLastExecutionsOfEachFlowNewestFirst() {
        ExecutionHistory history = newHistory(3);
        for (int i = 0; i < 5; i++) history.record(result("app", "a", "a" + i));
        history.record(result("app", "b", "b0"));
        history.record(result("other", "a", "x0"));

        assertEquals(List.of("a4", "a3", "a2"), ids(history.recent("app", "a")));
        assertEquals(List.of("b0"), ids(history.recent("app", "b")));
        assertEquals(List.of("x0"), ids(history.recent("other", "a")));
        assertEquals(List.of(), history.recent("app", "c"));
    }

    @Test
    void anExecutionIsShownAsTheResultWouldShowItWithItsSecretValuesHidden() throws Exception {
        ExecutionHistory history = newHistory(3);
        ExecutionResult failed = failedWithASecret("e1");
        history.record(failed);
        history.record(result("app", "f", "e2"));

        RecordedExecution shown = peerOf(history).recent("app", "f").get(1);
        assertEquals("e1", shown.executionId());
        assertEquals("u-2", shown.runBy());
        assertEquals(asSent(failed.toJson(MAPPER)), asSent(shown.toJson(MAPPER)));
        assertEquals(asSent(failed.toSummaryJson(MAPPER)), asSent(shown.toSummaryJson(MAPPER)));
        String written = MAPPER.writeValueAsString(shown.toJson(MAPPER));
        assertFalse(written.contains("k-98765"), written);
        assertEquals(400, shown.toJson(MAPPER).path("status").asInt());
        assertEquals("INVALID_INPUT", shown.toSummaryJson(MAPPER).path("errorCode").asText());
        assertNull(peerOf(history).recent("app", "f").get(0).toSummaryJson(MAPPER).get("errorCode").textValue());
    }

    @Test
    void anExecutionRecordedOnOneHostIsListedOnTheOther() {
        ExecutionHistory history = newHistory(3);
        history.record(result("app", "f", "e1"));
        assertEquals(List.of("e1"), ids(peerOf(history).recent("app", "f")));
    }

    @Test
    void retainForgetsTheFlowsAnUpdateRemovedAndEveryFlowOfADeletedApp() {
        ExecutionHistory history = newHistory(3);
        for (String flow : List.of("keep", "drop", "also-drop")) history.record(result("app", flow, flow + "-1"));
        history.record(result("other", "drop", "other-1"));

        peerOf(history).retain("app", Set.of("keep", "new"));
        assertEquals(List.of("keep-1"), ids(history.recent("app", "keep")));
        assertEquals(List.of(), history.recent("app", "drop"));
        assertEquals(List.of(), history.recent("app", "also-drop"));
        assertEquals(List.of("other-1"), ids(history.recent("other", "drop")), "another app keeps its own");

        history.record(result("app", "drop", "drop-2"));
        assertEquals(List.of("drop-2"), ids(history.recent("app", "drop")), "recorded after being forgotten");

        history.retain("app", Set.of());
        assertEquals(List.of(), history.recent("app", "keep"));
        assertEquals(List.of(), history.recent("app", "drop"));
        assertEquals(List.of("other-1"), ids(history.recent("other", "drop")));
    }

    @Test
    void manyThreadsRecordingOneFlowKeepExactlyTheLastOnes() throws Exception {
        ExecutionHistory history = newHistory(20);
        List<ExecutionHistory> hosts = List.of(history, peerOf(history));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 300; i++) {
                        hosts.get(thread % 2).record(result("app", "f", thread + "-" + i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : writers) writer.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        List<RecordedExecution> recent = history.recent("app", "f");
        assertEquals(20, recent.size());
        Set<String> ids = new HashSet<>(ids(recent));
        assertEquals(20, ids.size(), "no entry lost or repeated");
        for (String id : ids) {
            assertTrue(Integer.parseInt(id.substring(id.indexOf('-') + 1)) >= 300 - 20,
                    "each thread's last executions are kept, not " + id);
        }
    }
}
