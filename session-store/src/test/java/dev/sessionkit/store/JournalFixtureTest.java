package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.session.OnExpiry;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.testkit.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading: session files written in format 1 (committed under {@code src/test/resources/journal-format-1}: a
 * snapshot and a log, made by {@link #main} with this host's code of the day) load with every detail. When the record
 * format changes, this test and its files stay as they are: a newer host must read them.
 */
class JournalFixtureTest {
    /** The fixture's clock: every session was made at this instant, and the log's changes 5 minutes later. */
    private static final Instant MADE = Instant.parse("2026-03-01T10:00:00Z");
    private static final String APP = "shop";
    private static final UserIdentity ALICE = new UserIdentity("u-alice", "alice", "user");
    private static final String BASKET_TOKEN_FILE = "basket-token.txt";

    @TempDir
    Path folder;

    @Test
    void filesOfFormat1LoadWithDataVersionsSecretMarksSpecsAndDeadlines() throws IOException {
        for (String file : List.of(SessionPersistence.SNAPSHOT_FILE, SessionPersistence.LOG_FILE,
                BASKET_TOKEN_FILE)) {
            try (InputStream in = JournalFixtureTest.class.getResourceAsStream("/journal-format-1/" + file)) {
                Files.copy(in, folder.resolve(file));
            }
        }
        for (String file : List.of(SessionPersistence.SNAPSHOT_FILE, SessionPersistence.LOG_FILE)) {
            byte[] header = Files.readAllBytes(folder.resolve(file));
            assertEquals(1, ByteBuffer.wrap(header).getInt(8), file + " is of format 1");
        }
        SessionRef.Token basket = new SessionRef.Token(APP, Files.readString(folder.resolve(BASKET_TOKEN_FILE)).trim());
        ManualClock clock = new ManualClock(MADE.plus(Duration.ofMinutes(10)));

        HostSessionStore store = HostSessionStore.embedded(config -> {
            config.clock = clock;
            config.promptExpiry = false;
            config.persistence.mode = PersistenceMode.EVERYSEC;
            config.persistence.directory = folder;
        });
        try {
            SessionRef.Global alice = new SessionRef.Global(APP, ALICE, Duration.ofMinutes(30));
            SessionInfo aliceInfo = store.info(alice).orElseThrow();
            assertEquals(Map.of("username", TextNode.valueOf("alice"), "roleId", TextNode.valueOf("user"),
                    "cart", JsonNodeFactory.instance.numberNode(3), "card", TextNode.valueOf("4111")),
                    store.get(alice, null));
            assertEquals(Set.of("card"), aliceInfo.secretNames());
            assertEquals(3, aliceInfo.version(), "identity, cart, card, cart again (from the log)");
            assertEquals(MADE.plus(Duration.ofMinutes(35)), aliceInfo.expiresAt(), "30 idle minutes from its last "
                    + "write, in the log");

            SessionInfo basketInfo = store.info(basket).orElseThrow();
            assertEquals(new SessionSpec(null, Duration.ofHours(2), Duration.ofMinutes(20), true, false,
                    OnExpiry.DELETE_DATA), basketInfo.spec());
            assertEquals(new BigDecimal("1.50"), store.get(basket, null).get("items").get(1).decimalValue());
            assertEquals(1, basketInfo.version());
            assertEquals(MADE, basketInfo.createdAt());

            SessionInfo lobby = store.openShared(APP, "lobby");
            assertEquals("news", store.get(new SessionRef.Shared(APP, "lobby"), null).get("topic").textValue());
            assertEquals(Duration.ofHours(1), lobby.spec().idleTimeout());
            assertNull(lobby.spec().ttl());

            assertFalse(store.exists(new SessionRef.Shared(APP, "ended")), "ended in the log");
            assertEquals(3, store.backend().list(APP).size());
            assertTrue(store.backend().usage().anonymousCount() == 0);
        } finally {
            store.close();
        }
    }

    /**
     * Writes the fixture into a folder (run by hand, then committed): sessions made at {@link #MADE}, a clean stop
     * (the snapshot), then changes 5 minutes later copied while the store runs (the log).
     *
     * @param args the folder
     */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        Path work = Files.createTempDirectory("fixture");
        ManualClock clock = new ManualClock(MADE);
        HostSessionStore first = embedded(clock, work);
        SessionRef.Global alice = new SessionRef.Global(APP, ALICE, Duration.ofMinutes(30));
        first.put(alice, map("cart", JsonNodeFactory.instance.numberNode(1)), PutOptions.DEFAULT);
        first.put(alice, map("card", TextNode.valueOf("4111")), new PutOptions(false, null, Set.of("card")));
        SessionInfo basket = first.start(APP, new SessionSpec(null, Duration.ofHours(2), Duration.ofMinutes(20), true,
                false, OnExpiry.DELETE_DATA));
        first.put(new SessionRef.Token(APP, basket.token()), map("items", JsonNodeFactory.instance.arrayNode()
                .add("pen").add(JsonNodeFactory.instance.numberNode(new BigDecimal("1.50")))), PutOptions.DEFAULT);
        first.start(APP, new SessionSpec("ended", null, null, false, false, OnExpiry.END_SESSION));
        first.close();

        clock.advance(Duration.ofMinutes(5));
        HostSessionStore second = embedded(clock, work);
        second.put(alice, map("cart", JsonNodeFactory.instance.numberNode(3)), PutOptions.DEFAULT);
        second.start(APP, new SessionSpec("lobby", null, Duration.ofHours(1), false, false, OnExpiry.END_SESSION));
        second.put(new SessionRef.Shared(APP, "lobby"), map("topic", TextNode.valueOf("news")), PutOptions.DEFAULT);
        second.end(new SessionRef.Shared(APP, "ended"));
        Files.createDirectories(target);
        for (String file : List.of(SessionPersistence.SNAPSHOT_FILE, SessionPersistence.LOG_FILE)) {
            Files.copy(work.resolve(file), target.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(target.resolve(BASKET_TOKEN_FILE), basket.token() + "\n");
        second.close();
    }

    private static HostSessionStore embedded(ManualClock clock, Path folder) {
        return HostSessionStore.embedded(config -> {
            config.clock = clock;
            config.promptExpiry = false;
            config.persistence.mode = PersistenceMode.ALWAYS;
            config.persistence.directory = folder;
        });
    }

    private static Map<String, JsonNode> map(String name, JsonNode value) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        map.put(name, value);
        return map;
    }
}
