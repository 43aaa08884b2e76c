package dev.sessionkit.host.testplugins;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a test hold {@link BlockingMethod} inside a call. Deliberately left out of the test plugin jars, so the plugin
 * class loader takes it from the application class path and the test and the plugin share its latches. Its members
 * are public: the plugin's classes are in another runtime package (another class loader).
 */
public final class Gate {
    private static volatile CountDownLatch entered = new CountDownLatch(1);
    private static volatile CountDownLatch released = new CountDownLatch(1);

    private Gate() {
    }

    /** Closes the gate for the next call. */
    public static void reset() {
        entered = new CountDownLatch(1);
        released = new CountDownLatch(1);
    }

    /** Called by the method: signals it is running, then waits to be released (at most a minute). */
    public static void pass() throws InterruptedException {
        entered.countDown();
        if (!released.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the test never released the gate");
        }
    }

    /** @param seconds how long to wait @return whether a call is inside */
    public static boolean awaitEntered(long seconds) throws InterruptedException {
        return entered.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets the call inside return. */
    public static void release() {
        released.countDown();
    }
}
