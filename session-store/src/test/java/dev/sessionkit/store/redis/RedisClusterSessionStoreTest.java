package dev.sessionkit.store.redis;

import dev.sessionkit.store.testing.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contracts on a real Redis Cluster of three masters on loopback: every script touches keys of one hash slot
 * (the namespace's hash tag), so nothing fails with CROSSSLOT, and the client follows the cluster's topology.
 */
class RedisClusterSessionStoreTest extends RedisContractTest {
    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    String url() {
        return cluster.url();
    }
}
