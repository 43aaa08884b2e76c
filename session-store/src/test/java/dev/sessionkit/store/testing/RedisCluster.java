package dev.sessionkit.store.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three {@code redis-server} master nodes (no replicas) on free loopback ports, for tests:
 * {@code try (RedisCluster cluster = RedisCluster.start()) { ... cluster.url() ... }}.
 *
 * <p>Each node is a {@link RedisServer} (same binaries, defaults and clean-up, installing Debian's package
 * {@code redis-server} when missing) with {@code --cluster-enabled yes}, its own {@code nodes-<port>.conf} and a
 * 5 s node timeout. Its cluster bus listens on a second free port ({@code --cluster-port}) because the default,
 * port + 10000, is out of range for most of the ephemeral ports the nodes get. The slots are spread by
 * {@code redis-cli --cluster create}.
 */
public final class RedisCluster implements AutoCloseable {
    private static final int NODES = 3;
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts three cluster-enabled nodes, joins them into one cluster covering all 16384 slots, and waits (up to
     * 15 s) until every node reports {@code cluster_state:ok} and knows all three nodes.
     *
     * @return the running cluster; close it when done
     * @throws IllegalStateException when redis-server or redis-cli is missing and cannot be installed (the message
     *     names the Debian package {@code redis-server}), when a node does not start, when
     *     {@code redis-cli --cluster create} fails or takes over 30 s, or when the cluster is not ready within 15 s
     *     (the message carries the nodes' {@code cluster info}); the nodes started so far are stopped and deleted
     */
    public static RedisCluster start() {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(RedisServer.start(List.of("--cluster-enabled", "yes", "--cluster-node-timeout", "5000"),
                        RedisCluster::nodeArguments));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.create();
            cluster.awaitReady();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** @return the ports of the three nodes, in the order given to {@code redis-cli --cluster create} */
    public List<Integer> ports() {
        return nodes.stream().map(RedisServer::port).toList();
    }

    /** @return the nodes, to stop, kill or restart one of them */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** @return the cluster's URI, {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3} */
    public String url() {
        return "redis-cluster://" + nodes.stream().map(node -> RedisServer.HOST + ":" + node.port())
                .collect(Collectors.joining(","));
    }

    /**
     * Runs {@code redis-cli -h 127.0.0.1 -p <port> <args...>} against one node, e.g. {@code cli(port, "CLUSTER",
     * "INFO")}. The call is not cluster-aware ({@code -c} is not given): a key of another node's slot answers
     * {@code MOVED ...}. Error replies come back as text, as redis-cli exits with 0 on them.
     *
     * @param port the port of one of the nodes ({@link #ports()})
     * @param args the command and its arguments, each a separate argument
     * @return what redis-cli printed on its standard output, trimmed
     * @throws IllegalArgumentException when {@code port} is not one of the nodes'
     * @throws IllegalStateException when redis-cli exits with another code than 0 (the message carries its error
     *     output) or takes longer than 10 s
     */
    public String cli(int port, String... args) {
        if (!ports().contains(port)) {
            throw new IllegalArgumentException("Port " + port + " is not a node of this cluster " + ports());
        }
        return RedisServer.cli(port, args);
    }

    /** Stops every node and deletes their directories. Idempotent. */
    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    @Override
    public String toString() {
        return "redis cluster " + url();
    }

    /** The per-node arguments: its config file in its directory and a free port for its cluster bus. */
    private static List<String> nodeArguments(int port, Path dir) {
        int busPort = RedisServer.freePort();
        while (busPort == port) {
            busPort = RedisServer.freePort();
        }
        return List.of("--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                "--cluster-port", Integer.toString(busPort));
    }

    /** Runs {@code redis-cli --cluster create} over the nodes, assigning the slots evenly without replicas. */
    private void create() {
        List<String> command = new ArrayList<>(List.of(RedisServer.binaries().cli().toString(), "--cluster",
                "create"));
        nodes.forEach(node -> command.add(RedisServer.HOST + ":" + node.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        RedisServer.Result result = RedisServer.run(command, CREATE_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed (exit code " + result.exitCode()
                    + "): " + String.join(" ", command) + "\n" + result.stdout() + result.stderr());
        }
    }

    /** Polls until every node says {@code cluster_state:ok} and knows every node, for up to 15 s. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String knownNodes = "cluster_known_nodes:" + NODES;
        while (true) {
            List<String> infos = new ArrayList<>();
            boolean ready = true;
            for (RedisServer node : nodes) {
                String info = node.cli("CLUSTER", "INFO");
                infos.add(node.port() + ":\n" + info);
                ready &= info.contains("cluster_state:ok") && info.lines().anyMatch(knownNodes::equals);
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("The Redis cluster " + url() + " was not ready (cluster_state:ok, "
                        + knownNodes + " on every node) within " + READY_TIMEOUT.toSeconds() + " s:\n"
                        + String.join("\n", infos));
            }
            RedisServer.pause();
        }
    }
}
