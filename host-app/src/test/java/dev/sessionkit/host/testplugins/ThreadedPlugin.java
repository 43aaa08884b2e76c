package dev.sessionkit.host.testplugins;

import org.pf4j.Plugin;

/**
 * A test plugin that runs a worker thread named {@value #WORKER} while started, and stops it in {@link #stop()}, as
 * every plugin that starts threads must.
 */
public class ThreadedPlugin extends Plugin {
    /** The worker thread's name. */
    public static final String WORKER = "threaded-plugin-worker";

    private Thread worker;

    @Override
    public void start() {
        worker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, WORKER);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
