package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutionHistoryTest {
    private static ExecutionResult result(String flowId, String id) {
        return new ExecutionResult(id, "app", flowId, null, null, Instant.EPOCH, 1, null, null, List.of(), null, null,
                new SecretValues());
    }

    @Test
    void theHistoryHoldsNoSecretValueItWouldOnlyHideWhenRead() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        SecretValues secrets = new SecretValues();
        secrets.add(TextNode.valueOf("k-98765"));
        JsonNode message = mapper.readTree("{\"auth\": \"Bearer k-98765\", \"sku\": \"A-1\"}");
        ExecutionResult result = new ExecutionResult("e1", "app", "f", null, null, Instant.EPOCH, 1, message, null,
                List.of(new TraceEntry("s", "s", "test.value", message, message, 1, null)), null, null, secrets);

        ExecutionResult kept = result.forHistory();
        assertEquals(mapper.readTree("{\"auth\": \"Bearer ***\", \"sku\": \"A-1\"}"), kept.response());
        assertEquals(kept.response(), kept.trace().get(0).input());
        assertEquals(kept.response(), kept.trace().get(0).output());
        assertEquals("Bearer k-98765", result.response().path("auth").asText(), "the caller's response is untouched");
    }

    @Test
    void keepsTheLastExecutionsOfEachFlowNewestFirst() {
        ExecutionHistory history = new ExecutionHistory(3);
        for (int i = 0; i < 5; i++) history.record(result("a", "a" + i));
        history.record(result("b", "b0"));
        assertEquals(List.of("a4", "a3", "a2"), history.recent("app", "a").stream().map(ExecutionResult::executionId)
                .toList());
        assertEquals(1, history.recent("app", "b").size());
        assertEquals(List.of(), history.recent("app", "c"));
    }

    @Test
    void manyThreadsRecordingOneFlowKeepExactlyTheLastOnes() throws Exception {
        ExecutionHistory history = new ExecutionHistory(20);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> writers = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2_000; i++) history.record(result("f", thread + "-" + i));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : writers) writer.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        List<ExecutionResult> recent = history.recent("app", "f");
        assertEquals(20, recent.size());
        Set<String> ids = new HashSet<>();
        recent.forEach(r -> ids.add(r.executionId()));
        assertEquals(20, ids.size(), "no slot lost or repeated");
    }
}
