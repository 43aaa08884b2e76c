package dev.sessionkit.host;

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
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many users running the same flow at once: each sees only its own LOCAL and GLOBAL data, nothing is lost. */
class FlowConcurrencyTest {
    private static final int USERS = 12;
    private static final int RUNS_PER_USER = 30;

    @RegisterExtension
    static final TestHost host = TestHost.perClass();

    @Test
    void manyUsersRunningOneFlowNeverSeeEachOthersData() throws Exception {
        host.createApp("""
                {"id": "crowd", "flows": [{"id": "visit", "trigger": {"method": "POST", "path": "/visit"}, "steps": [
                  {"id": "global", "method": "session.set-parameters", "input": {"scope": "GLOBAL", "parameters": [
                    {"name": "lastSku", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.sku }}"}]}},
                  {"id": "local", "method": "session.set-parameters", "input": {"parameters": [
                    {"name": "mine", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.sku }}"}]}},
                  {"id": "fan", "type": "parallel", "branches": [
                    {"id": "a", "steps": [{"id": "read-local", "method": "session.get-parameters",
                      "input": {"parameters": [{"name": "mine"}]}, "output": {"target": "local"}}]},
                    {"id": "b", "steps": [{"id": "read-global", "method": "session.get-parameters",
                      "input": {"scope": "GLOBAL", "parameters": [{"name": "lastSku"}, {"name": "username"}]},
                      "output": {"target": "global"}}]}]}]}]}""");
        List<String> tokens = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            tokens.add(host.signUp("user" + u, "user"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> checked = new ArrayList<>();
        try {
            for (int u = 0; u < USERS; u++) {
                int user = u;
                checked.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < RUNS_PER_USER; i++) {
                        String sku = "u" + user + "-" + i;
                        Response response = host.post("/run/crowd/visit", "{\"sku\": \"" + sku + "\"}",
                                tokens.get(user));
                        assertEquals(200, response.code(), () -> TestHost.body(response));
                        JsonNode fan = json(response).path("fan");
                        assertEquals(sku, fan.path("a").path("local").path("mine").asText(), "own LOCAL");
                        assertEquals(sku, fan.path("b").path("global").path("lastSku").asText(), "own GLOBAL");
                        assertEquals("user" + user, fan.path("b").path("global").path("username").asText());
                    }
                    return RUNS_PER_USER;
                }));
            }
            go.countDown();
            for (Future<Integer> result : checked) {
                assertEquals(RUNS_PER_USER, result.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
