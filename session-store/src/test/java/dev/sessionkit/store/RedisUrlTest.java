package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisUrlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Test
    void aServerWithPasswordAndDatabaseNeverShowsThePassword() {
        RedisUrl url = RedisUrl.parse("redis://app:s3cret@cache.internal:6380/2", TIMEOUT);
        assertFalse(url.cluster());
        assertFalse(url.tls());
        assertEquals("redis://cache.internal:6380/2", url.toString());
        assertEquals(2, url.nodes().get(0).getDatabase());
        assertEquals(TIMEOUT, url.nodes().get(0).getTimeout());
    }

    @Test
    void tlsAndClusterSeedsAreUnderstood() {
        RedisUrl url = RedisUrl.parse("rediss-cluster://:pw@10.0.0.1:7000,10.0.0.2:7001", TIMEOUT);
        assertTrue(url.cluster());
        assertTrue(url.tls());
        assertEquals(2, url.nodes().size());
        assertTrue(url.nodes().get(1).isSsl());
        assertEquals("rediss-cluster://10.0.0.1:7000,10.0.0.2:7001", url.toString());
    }

    @Test
    void mistakesAreExplainedWithoutRepeatingThePassword() {
        for (String bad : new String[] {"localhost:6379", "http://localhost:6379", "redis://a:1,b:2",
                "redis-cluster://a:1/3", "redis-cluster://a:1,,b:2"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> RedisUrl.parse(bad, TIMEOUT), bad);
            assertTrue(error.getMessage().startsWith("The Redis URL is not valid"), error.getMessage());
        }
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RedisUrl.parse("redis://user:hunter2@", TIMEOUT));
        assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
    }
}
