package dev.sessionkit.host.marketplace;

import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.TestHost;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients keep calling the session plugin's methods while an admin installs, updates, disables, enables and removes
 * another plugin, over and over: not one of their requests fails.
 */
class MarketplaceLoadTest {
    private static final int CLIENTS = 4;
    private static final int CYCLES = 4;

    @TempDir
    Path root;

    @Test
    void requestsToOtherPluginsNeverFailDuringPluginChanges() throws Exception {
        try (TestHost host = MarketplaceHost.start(root)) {
            String admin = host.adminToken();
            host.createUser("cat", "user");
            String user = host.login("cat", TestHost.password("cat"));
            AtomicBoolean changing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Map<Integer, Integer>>> clients = new ArrayList<>();
            try {
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    clients.add(pool.submit(() -> load(host, user, client, changing)));
                }
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    expect(200, host.post("/api/marketplace/hello-plugin/install", "{\"version\": \"1.0.0\"}",
                            admin));
                    expect(200, host.post("/api/plugins/hello-plugin/update", "", admin));
                    expect(200, host.post("/api/plugins/hello-plugin/disable", "", admin));
                    expect(200, host.post("/api/plugins/hello-plugin/enable", "", admin));
                    expect(422, host.post("/api/marketplace/failing-plugin/install", "", admin));
                    expect(200, host.delete("/api/plugins/hello-plugin", admin));
                }
            } finally {
                changing.set(false);
            }
            long calls = 0;
            for (Future<Map<Integer, Integer>> client : clients) {
                Map<Integer, Integer> statuses = client.get(2, TimeUnit.MINUTES);
                assertEquals(List.of(200), List.copyOf(statuses.keySet()), "statuses seen: " + statuses);
                calls += statuses.get(200);
            }
            pool.shutdown();
            assertTrue(calls >= CLIENTS, "the clients made calls while the plugins changed: " + calls);
        }
    }

    /** Writes and reads a GLOBAL parameter until the changes end (bounded). @return count per status */
    private static Map<Integer, Integer> load(TestHost host, String token, int client, AtomicBoolean changing) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 20_000 && (changing.get() || i < 5); i++) {
            Response set = host.call("default", "session.set-parameters", """
                    {"inputs": {"scope": "GLOBAL", "parameters": [
                      {"name": "c%d", "dataType": "INTEGER", "value": %d}]}}""".formatted(client, i), token);
            statuses.merge(set.code(), 1, Integer::sum);
            Response get = host.call("default", "session.get-parameters",
                    "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"c" + client + "\"}]}}", token);
            statuses.merge(get.code(), 1, Integer::sum);
        }
        return statuses;
    }
}
