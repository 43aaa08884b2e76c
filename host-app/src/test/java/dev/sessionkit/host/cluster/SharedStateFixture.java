package dev.sessionkit.host.cluster;

import dev.sessionkit.store.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server for the tests of one class and {@link SharedState}s over it: each test's first state gets a
 * fresh namespace (an empty cluster), {@link #sameNamespace()} another host's state over the same one. States are
 * closed after each test, the server after the class.
 */
public final class SharedStateFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private RedisServer server;
    private final List<SharedState> opened = new ArrayList<>();
    private String namespace;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = RedisServer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        opened.forEach(SharedState::close);
        opened.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
    }

    /** @return the server, to stop it (a test that does restarts it: the next tests of the class share it) */
    public RedisServer server() {
        return server;
    }

    /** @return the namespace of the last {@link #newNamespace()} */
    public String namespace() {
        return namespace;
    }

    /** @return a host's shared state over a namespace no test used before */
    public SharedState newNamespace() {
        namespace = "test-" + NAMESPACES.incrementAndGet();
        return sameNamespace();
    }

    /** @return another host's shared state over the namespace of the last {@link #newNamespace()} */
    public SharedState sameNamespace() {
        SharedState state = SharedState.connect(server.url(), namespace);
        opened.add(state);
        return state;
    }
}
