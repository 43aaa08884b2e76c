package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many clients writing one GLOBAL session over HTTP at once: every write is kept, every request succeeds; and a basket
 * flow built from the palette (Update Parameters' append) taking 64 × 100 concurrent additions keeps all 6,400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 25;
    private static final int BASKET_CLIENTS = 64;
    private static final int ADDITIONS_PER_CLIENT = 100;

    @RegisterExtension
    final TestHost host = TestHost.perClass(this::hostSettings);

    /** @param config this class's host settings: the embedded store here; the variant on Redis adds its URL */
    void hostSettings(HostConfig config) {
    }

    @Test
    void sixtyFourClientsAddingToOneBasketThroughAFlowLoseNoItem() throws Exception {
        expect(201, host.post("/api/apps", """
                {"id": "cart", "name": "Cart", "flows": [
                  {"id": "add-item", "name": "Add an item",
                   "trigger": {"type": "REST", "method": "POST", "path": "/cart/items", "auth": "JWT"},
                   "steps": [
                     {"id": "add", "method": "session.update-parameters",
                      "input": {"scope": "GLOBAL", "operations": [
                        {"operation": "append", "name": "basket", "dataType": "STRING", "valueType": "EXPRESSION",
                         "value": "{{ message.sku }}"},
                        {"operation": "increment", "name": "itemCount", "dataType": "INTEGER", "value": 1}]},
                      "output": {"target": "cart"}}]}]}""", host.adminToken()));
        host.createUser("dee", "user");
        String token = host.login("dee", TestHost.password("dee"));
        allAnswer200(BASKET_CLIENTS, ADDITIONS_PER_CLIENT, (client, i) -> host.post("/run/cart/cart/items",
                "{\"sku\": \"" + client + ":" + i + "\"}", token));

        JsonNode got = json(host.call("cart", "session.get-parameters", "{\"inputs\": {\"scope\": \"GLOBAL\", "
                + "\"parameters\": [{\"name\": \"basket\"}, {\"name\": \"itemCount\"}]}}", token)).path("output");
        JsonNode basket = got.path("basket");
        assertEquals(BASKET_CLIENTS * ADDITIONS_PER_CLIENT, basket.size(), "exactly 6,400 items");
        int[] next = new int[BASKET_CLIENTS];
        for (JsonNode item : basket) {
            String[] parts = item.asText().split(":");
            int client = Integer.parseInt(parts[0]);
            assertEquals(next[client]++, Integer.parseInt(parts[1]), "client " + client + "'s items in its order");
        }
        assertEquals(BASKET_CLIENTS * ADDITIONS_PER_CLIENT, got.path("itemCount").asInt());
        JsonNode info = json(host.call("cart", "session.info", "{\"inputs\": {\"scope\": \"GLOBAL\"}}", token))
                .path("output");
        assertEquals(BASKET_CLIENTS * ADDITIONS_PER_CLIENT, info.path("version").asInt(), "one version per call");
    }

    @Test
    void concurrentWritersToOneGlobalSessionLoseNothing() throws Exception {
        host.createUser("cat", "user");
        String token = host.login("cat", TestHost.password("cat"));
        allAnswer200(THREADS, WRITES_PER_THREAD, (thread, i) -> host.call("default", "session.set-parameters", """
                {"inputs": {"scope": "GLOBAL", "parameters": [
                  {"name": "p-%d-%d", "dataType": "INTEGER", "value": %d},
                  {"name": "shared", "dataType": "STRING", "value": "t%d"}]}}"""
                .formatted(thread, i, i, thread), token));

        StringBuilder names = new StringBuilder();
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < WRITES_PER_THREAD; i++) {
                names.append(names.length() == 0 ? "" : ",").append("{\"name\":\"p-").append(t).append('-')
                        .append(i).append("\"}");
            }
        }
        JsonNode got = json(host.call("default", "session.get-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [" + names + ",{\"name\":\"shared\"}]}}", token));
        JsonNode output = got.path("output");
        assertEquals(THREADS * WRITES_PER_THREAD + 1, output.size(), got.toString());
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < WRITES_PER_THREAD; i++) {
                assertEquals(i, output.path("p-" + t + "-" + i).asInt());
            }
        }
        JsonNode info = json(host.call("default", "session.info", "{\"inputs\": {\"scope\": \"GLOBAL\"}}", token))
                .path("output");
        assertEquals(THREADS * WRITES_PER_THREAD, info.path("version").asInt(), "one version per write: " + info);
    }

    /** Runs {@code requests} calls on each of {@code clients} threads started together; every answer must be 200. */
    private static void allAnswer200(int clients, int requests, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Integer>>> results = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    go.await();
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        statuses.add(request.send(client, i).code());
                    }
                    return statuses;
                }));
            }
            go.countDown();
            for (Future<List<Integer>> result : results) {
                assertEquals(List.of(200), result.get(300, TimeUnit.SECONDS).stream().distinct().toList());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The i-th call of one client thread. */
    @FunctionalInterface
    private interface Request {
        Response send(int client, int i) throws Exception;
    }
}
