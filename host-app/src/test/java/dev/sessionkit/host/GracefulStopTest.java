package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.testplugins.Gate;
import dev.sessionkit.host.testplugins.TestPluginJars;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the host (what SIGTERM does) lets a request in flight finish before plugins and store go. */
class GracefulStopTest {
    @TempDir
    Path dataDir;

    @Test
    void aRequestInFlightFinishesWhileTheHostStops() throws Exception {
        TestPluginJars.builtSessionPlugin(dataDir.resolve("plugins"));
        TestPluginJars.working(dataDir.resolve("plugins"));
        TestHost host = TestHost.start(dataDir);
        CountDownLatch stopping = new CountDownLatch(1);
        host.host().javalin().jettyServer().server().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                stopping.countDown();
            }
        });
        Gate.reset();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Response> inFlight = pool.submit(() -> host.call("default", "test.block", "{}", null));
            assertTrue(Gate.awaitEntered(10), "the call never reached the method");

            Future<?> stop = pool.submit(host::close);
            assertTrue(stopping.await(10, TimeUnit.SECONDS), "the server did not begin to stop");
            assertFalse(stop.isDone(), "stop() returned while a request was in flight");

            Gate.release();
            Response response = inFlight.get(10, TimeUnit.SECONDS);
            assertEquals(200, response.code(), TestHost.body(response));
            assertEquals("released", json(response).path("output").asText());
            stop.get(10, TimeUnit.SECONDS);
        } finally {
            Gate.release();
            pool.shutdownNow();
        }
    }
}
