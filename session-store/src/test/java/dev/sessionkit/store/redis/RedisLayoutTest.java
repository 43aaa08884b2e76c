package dev.sessionkit.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How GLOBAL sessions lie in Redis: the read-only identity (username, roleId) is kept in the session's meta, not as
 * two parameter fields, and a session an earlier version wrote with the identity as fields is still read, cleared
 * and counted right.
 */
class RedisLayoutTest {
    private static final SessionRef.Global ALICE = new SessionRef.Global("shop",
            new UserIdentity("u-alice", "alice", "user"), Duration.ofMinutes(30));
    /** Rewrites a GLOBAL session as earlier versions stored it: identity as fields 1 and 2, no end of life. */
    private static final String TO_EARLIER_LAYOUT = """
            local m = cmsgpack.unpack(redis.call('HGET', KEYS[1], 'm'))
            redis.call('HSET', KEYS[1], '=username', '1:' .. m[22], '=roleId', '2:' .. m[23])
            m[20], m[21], m[22], m[23] = nil, nil, nil, nil
            redis.call('HSET', KEYS[1], 'm', cmsgpack.pack(m))
            return redis.call('HLEN', KEYS[1])""";

    @Test
    void theIdentityLivesInTheMetaAndAnEarlierLayoutIsStillRead() {
        String namespace = RedisStores.freshNamespace();
        String key = "{" + namespace + "}:s:shop:g:u-alice";
        try (RedisServer redis = RedisServer.start();
             HostSessionStore store = RedisStores.open(redis.url(), namespace, new ManualClock(),
                     SessionLimits.DEFAULTS)) {
            store.put(ALICE, Map.of("cart", IntNode.valueOf(1)), PutOptions.DEFAULT);
            assertEquals(List.of("=cart", "m"), redis.cli("HKEYS", key).lines().sorted().toList(),
                    "the identity takes no fields of its own");
            SessionInfo before = store.info(ALICE).orElseThrow();

            assertEquals("4", redis.cli("EVAL", TO_EARLIER_LAYOUT, "1", key));
            assertEquals(Map.of("username", TextNode.valueOf("alice"), "roleId", TextNode.valueOf("user"),
                    "cart", IntNode.valueOf(1)), store.get(ALICE, null));
            assertEquals(TextNode.valueOf("alice"), store.get(ALICE, List.of("username")).get("username"));
            assertEquals(List.of("username", "roleId", "cart"), List.copyOf(store.get(ALICE, null).keySet()));
            SessionInfo earlier = store.info(ALICE).orElseThrow();
            assertEquals(before.bytes(), earlier.bytes());
            assertEquals(before.keyCount(), earlier.keyCount());

            assertEquals(1, store.clear(ALICE), "clear removes the data and keeps the identity");
            assertEquals(Map.of("username", TextNode.valueOf("alice"), "roleId", TextNode.valueOf("user")),
                    store.get(ALICE, null));
            assertEquals(2, store.info(ALICE).orElseThrow().keyCount());
            assertEquals(1, store.endUserSessions("u-alice"));
            assertEquals(0, store.bytesUsed());
        }
    }
}
