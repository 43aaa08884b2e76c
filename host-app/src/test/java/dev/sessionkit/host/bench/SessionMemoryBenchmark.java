package dev.sessionkit.host.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.store.HostSessionStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Heap held by the in-memory store for N GLOBAL sessions of three small parameters each (as a signed-in user's
 * session holds them: a string id, a count, a timestamp; plus the {@code username} and {@code roleId} every GLOBAL
 * session remembers). Measures used heap after full GCs before and after filling the store.
 *
 * <p>Run (numbers go to docs/performance.md; a fixed heap keeps GC ergonomics out of the numbers):
 * <pre>{@code
 * ./mvnw -q -pl host-app -am -DskipTests -Pmemory verify -Dsessions=100000
 * }</pre>
 * Given a Redis URL as second argument, it fills a store over that Redis instead (the heap figure then is the host's
 * side only); {@code bench/redis-memory.sh} starts a Redis and reads its {@code used_memory} around the run.
 */
public final class SessionMemoryBenchmark {
    private SessionMemoryBenchmark() {
    }

    /** @param args the number of sessions (default 100,000), and optionally a Redis URL */
    public static void main(String[] args) throws InterruptedException {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        HostSessionStore store = args.length > 1 && !args[1].isBlank()
                ? HostSessionStore.onRedis(config -> {
                    config.url = args[1];
                    config.promptExpiry = false;
                })
                : HostSessionStore.embedded(config -> { });
        long before = usedHeapAfterGc();

        for (int i = 0; i < sessions; i++) {
            UserIdentity user = new UserIdentity("user-" + i, "user" + i, "user");
            Map<String, JsonNode> values = new LinkedHashMap<>();
            values.put("cartId", TextNode.valueOf("cart-" + i));
            values.put("itemCount", IntNode.valueOf(i % 17));
            values.put("lastSeen", TextNode.valueOf("2026-11-22T10:15:30+01:00"));
            store.put(new SessionRef.Global("default", user, Duration.ofMinutes(30)), values, PutOptions.DEFAULT);
        }
        long after = usedHeapAfterGc();

        long held = after - before;
        System.out.printf("sessions:            %,d (3 parameters each, plus username and roleId)%n", sessions);
        System.out.printf("store bytes counted: %,d (names and values as JSON, what the limits count)%n",
                store.bytesUsed());
        System.out.printf("heap held:           %,.1f MiB%n", held / 1024.0 / 1024.0);
        System.out.printf("bytes per session:   %,d%n", held / sessions);
        System.out.printf("check: %d GLOBAL sessions live%n", store.usage().globalCount());
        store.close();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
