package dev.sessionkit.host.marketplace;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.testplugins.Gate;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin being removed or disabled first leaves the registry (no new call reaches it), then the host waits for its
 * calls in flight to finish before stopping it: they complete normally.
 */
class MarketplaceDrainTest {
    @TempDir
    Path root;

    @Test
    void callsInFlightToARemovedOrDisabledPluginFinishBeforeItStops() throws Exception {
        try (TestHost host = MarketplaceHost.start(root)) {
            String admin = host.adminToken();
            expect(200, host.post("/api/marketplace/hello-plugin/install", "", admin));
            for (String change : new String[] {"disable", "delete"}) {
                Gate.reset();
                CompletableFuture<Response> blocked = CompletableFuture.supplyAsync(
                        () -> host.call("default", "test.block", "{\"inputs\": {}}", admin));
                assertTrue(Gate.awaitEntered(30), "the call is inside the plugin");
                CompletableFuture<Response> changing = CompletableFuture.supplyAsync(() -> change.equals("delete")
                        ? host.delete("/api/plugins/hello-plugin", admin)
                        : host.post("/api/plugins/hello-plugin/disable", "", admin));
                // The plugin leaves the registry first (new calls are refused) while the change waits for the call.
                awaitLeftTheRegistry(host, admin);
                assertFalse(changing.isDone(), change + " waits for the call in flight");
                CompletableFuture<Response> listing = CompletableFuture.supplyAsync(
                        () -> host.get("/api/marketplace", admin));
                expect(200, listing.get(10, TimeUnit.SECONDS)); // the listing does not wait for the change
                assertError(404, "METHOD_NOT_FOUND", host.call("default", "test.echo", "{\"inputs\": {}}", admin));

                Gate.release();
                Response call = blocked.get(30, TimeUnit.SECONDS);
                assertEquals(200, call.code(), () -> call.body().string());
                assertEquals("released", json(call).path("output").asText());
                expect(200, changing.get(30, TimeUnit.SECONDS));
                if (change.equals("disable")) {
                    expect(200, host.post("/api/plugins/hello-plugin/enable", "", admin));
                }
            }
            assertTrue(MarketplaceHost.plugin(host, "hello-plugin").isEmpty());
        }
    }

    /** Polls (at most 30 s, as the other waits here) until a new call of the plugin is refused. */
    private static void awaitLeftTheRegistry(TestHost host, String admin) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (host.call("default", "test.echo", "{\"inputs\": {}}", admin).code() != 404) {
            assertTrue(System.nanoTime() < deadline, "the plugin never left the registry");
            Thread.onSpinWait();
        }
    }
}
