package dev.sessionkit.host;

import dev.sessionkit.store.testing.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} on a free loopback port for the tests of one class:
 * {@code @RegisterExtension static final RedisForTests redis = new RedisForTests();} starts it before the class's
 * hosts (static extensions come before instance ones) and stops it after them. Installs Debian's redis-server when it
 * is missing, or fails naming it.
 */
public final class RedisForTests implements BeforeAllCallback, AfterAllCallback {
    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = RedisServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
    }

    /** @return the server's URL */
    public String url() {
        return server.url();
    }

    /** @return the server, to stop, restart or query it */
    public RedisServer server() {
        return server;
    }
}
