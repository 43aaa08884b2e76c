package dev.sessionkit.host.testplugins;

import java.util.concurrent.CountDownLatch;
import org.pf4j.Plugin;

/**
 * A test plugin that runs a worker thread named {@value #WORKER} while started, and stops it in {@link #stop()}, as
 * every plugin that starts threads must.
 */
public class ThreadedPlugin extends Plugin {
    /** The worker thread's name. */
    public static final String WORKER = "threaded-plugin-worker";

    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread worker;

    @Override
    public void start() {
        worker = new Thread(() -> {
            try {
                stopped.await(); // idles, holding the plugin's class loader, until stop() releases it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, WORKER);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        stopped.countDown();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
