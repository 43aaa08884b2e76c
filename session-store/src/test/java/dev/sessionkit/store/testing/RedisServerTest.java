package dev.sessionkit.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis fixtures start real servers: one that stops, restarts and is killed, and a three-node cluster. */
class RedisServerTest {

    @Test
    void serverAnswersStopsAndRestartsOnTheSamePort() {
        try (RedisServer redis = RedisServer.start()) {
            int port = redis.port();
            assertEquals("redis://127.0.0.1:" + port, redis.url());
            assertEquals("PONG", redis.cli("PING"));
            assertEquals("noeviction", redis.cli("CONFIG", "GET", "maxmemory-policy").lines().toList().get(1));

            redis.stop();
            assertFalse(redis.isRunning());
            assertThrows(IOException.class, () -> connect(port));
            redis.stop();

            redis.restart();
            assertEquals(port, redis.port());
            assertEquals("PONG", redis.cli("PING"));

            redis.kill();
            assertThrows(IOException.class, () -> connect(port));
            redis.restart();
            assertEquals("PONG", redis.cli("PING"));
        }
    }

    @Test
    void laterArgumentsOverrideTheDefaults() {
        try (RedisServer redis = RedisServer.start(List.of("--maxmemory-policy", "allkeys-lru"))) {
            assertEquals("allkeys-lru", redis.cli("CONFIG", "GET", "maxmemory-policy").lines().toList().get(1));
        }
    }

    @Test
    void clusterOfThreeNodesIsReady() {
        try (RedisCluster cluster = RedisCluster.start()) {
            List<Integer> ports = cluster.ports();
            assertEquals(3, ports.size());
            assertTrue(cluster.url().startsWith("redis-cluster://127.0.0.1:" + ports.get(0) + ",127.0.0.1:"),
                    cluster.url());
            for (int port : ports) {
                List<String> info = cluster.cli(port, "CLUSTER", "INFO").lines().toList();
                assertTrue(info.contains("cluster_state:ok"), String.join("\n", info));
                assertTrue(info.contains("cluster_known_nodes:3"), String.join("\n", info));
            }
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }
}
