package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.session.OnExpiry;
import dev.sessionkit.api.session.ParameterUpdate;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.session.UpdateResult;
import dev.sessionkit.api.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart fixture: a store is stopped (or its files are copied while it runs, as a crash leaves them) and a new
 * one is started over the same folder, on the same manual clock. Every kind of session, expiry across the downtime
 * with both onExpiry modes, versions and {@code expectedVersion}, secret marks, SHARED names, torn and corrupt tails.
 */
class SessionRestartTest {
    private static final String APP = "shop";
    private static final UserIdentity ALICE = new UserIdentity("u-alice", "alice", "user");
    private static final Duration GLOBAL_IDLE = Duration.ofMinutes(30);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path folder;
    @TempDir
    Path images;
    private final ManualClock clock = new ManualClock();
    private final List<HostSessionStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(HostSessionStore::close);
    }

    private HostSessionStore open(PersistenceMode mode) {
        return open(mode, folder);
    }

    private HostSessionStore open(PersistenceMode mode, Path directory) {
        HostSessionStore store = HostSessionStore.embedded(config -> {
            config.clock = clock;
            config.promptExpiry = false;
            config.persistence.mode = mode;
            config.persistence.directory = directory;
        });
        opened.add(store);
        return store;
    }

    /** Stops a store as the host does on SIGTERM, and starts a new one over the same folder. */
    private HostSessionStore restart(HostSessionStore store, PersistenceMode mode) {
        store.close();
        return open(mode);
    }

    /** Copies the session files of a running store, as a kill -9 leaves them, to a new folder. */
    private Path crashImage(String name) throws IOException {
        Path image = images.resolve(name);
        Files.createDirectories(image);
        for (String file : List.of(SessionPersistence.SNAPSHOT_FILE, SessionPersistence.LOG_FILE)) {
            Files.copy(folder.resolve(file), image.resolve(file));
        }
        return image;
    }

    private static Map<String, JsonNode> values(Object... pairs) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            JsonNode node = value instanceof JsonNode json ? json : value instanceof Integer number
                    ? JSON.numberNode(number) : TextNode.valueOf((String) value);
            map.put((String) pairs[i], node);
        }
        return map;
    }

    private static SessionRef.Global alice() {
        return new SessionRef.Global(APP, ALICE, GLOBAL_IDLE);
    }

    private static SessionRef.Token token(SessionInfo started) {
        return new SessionRef.Token(APP, started.token());
    }

    private static SessionSpec spec(String name, Duration ttl, Duration idle, OnExpiry onExpiry) {
        return new SessionSpec(name, ttl, idle, true, false, onExpiry);
    }

    @Test
    void everyKindOfSessionSurvivesAStopWithItsDataVersionSecretMarksAndSpec() {
        HostSessionStore store = open(PersistenceMode.EVERYSEC);
        store.put(alice(), values("cart", 3), PutOptions.DEFAULT);
        store.put(alice(), values("card", "4111"), new PutOptions(false, null, Set.of("card")));
        SessionSpec tokenSpec = spec(null, Duration.ofHours(2), Duration.ofMinutes(20), OnExpiry.DELETE_DATA);
        SessionRef.Token basket = token(store.start(APP, tokenSpec));
        store.put(basket, values("items", JSON.arrayNode().add("pen").add(JSON.numberNode(new BigDecimal("1.50")))),
                PutOptions.DEFAULT);
        SessionRef.Shared lobby = new SessionRef.Shared(APP, "lobby");
        store.start(APP, spec("lobby", null, Duration.ofHours(1), OnExpiry.END_SESSION));
        store.put(lobby, values("topic", "news"), PutOptions.DEFAULT);
        SessionRef.Token visitor = token(store.startAnonymous(APP, spec(null, null, Duration.ofHours(5),
                OnExpiry.END_SESSION)));
        store.put(visitor, values("seen", 1), PutOptions.DEFAULT);
        SessionRef.Local local = new SessionRef.Local(APP, UUID.randomUUID().toString());
        store.put(local, values("step", 1), PutOptions.DEFAULT);
        SessionInfo aliceBefore = store.info(alice()).orElseThrow();
        SessionInfo basketBefore = store.info(basket).orElseThrow();
        SessionInfo lobbyBefore = store.info(lobby).orElseThrow();
        SessionInfo visitorBefore = store.info(visitor).orElseThrow();
        long bytesBefore = store.bytesUsed() - store.info(local).orElseThrow().bytes();

        HostSessionStore after = restart(store, PersistenceMode.EVERYSEC);

        assertEquals(aliceBefore, after.info(alice()).orElseThrow(), "GLOBAL: data, version, marks, deadline");
        assertEquals(Set.of("card"), after.read(alice(), null).secretNames());
        assertEquals("alice", after.get(alice(), List.of("username")).get("username").textValue());
        assertEquals(basketBefore, after.info(basket).orElseThrow(), "TOKEN: spec, version, deadline");
        assertEquals(new BigDecimal("1.50"), after.get(basket, null).get("items").get(1).decimalValue(),
                "decimals keep their digits");
        assertEquals(lobbyBefore.sessionId(), after.openShared(APP, "lobby").sessionId());
        assertEquals(lobbyBefore, after.info(lobby).orElseThrow());
        ConflictException taken = assertThrows(ConflictException.class,
                () -> after.start(APP, spec("lobby", null, null, OnExpiry.END_SESSION)));
        assertEquals("SESSION_NAME_TAKEN", taken.code(), "SHARED names stay unique");
        assertEquals(visitorBefore, after.info(visitor).orElseThrow(), "anonymous: capped spec kept");
        assertEquals(1, after.backend().usage().anonymousCount());
        assertFalse(after.exists(local), "LOCAL sessions belong to executions and are not kept");
        assertEquals(bytesBefore, after.bytesUsed(), "the byte count is rebuilt");
    }

    @Test
    void versionsAndExpectedVersionCarryOnAfterARestart() {
        HostSessionStore store = open(PersistenceMode.EVERYSEC);
        SessionRef.Token ref = token(store.start(APP, SessionSpec.unbounded()));
        store.put(ref, values("a", 1), PutOptions.DEFAULT);
        store.put(ref, values("a", 2), PutOptions.DEFAULT);
        long version = store.info(ref).orElseThrow().version();

        HostSessionStore after = restart(store, PersistenceMode.EVERYSEC);

        ConflictException stale = assertThrows(ConflictException.class,
                () -> after.put(ref, values("a", 9), new PutOptions(false, version - 1, Set.of())));
        assertEquals("VERSION_CONFLICT", stale.code());
        assertEquals(version + 1, after.put(ref, values("a", 3), new PutOptions(false, version, Set.of())).version());
    }

    @Test
    void aSessionWhoseDeadlinePassedWhileDownExpiresOnLoadWithItsOwnOnExpiry() {
        HostSessionStore store = open(PersistenceMode.EVERYSEC);
        SessionRef.Token ending = token(store.start(APP, spec(null, Duration.ofMinutes(10), null,
                OnExpiry.END_SESSION)));
        store.put(ending, values("a", 1), PutOptions.DEFAULT);
        SessionRef.Token emptied = token(store.start(APP, spec(null, null, Duration.ofMinutes(10),
                OnExpiry.DELETE_DATA)));
        store.put(emptied, values("a", 1), PutOptions.DEFAULT);
        long emptiedVersion = store.info(emptied).orElseThrow().version();
        SessionRef.Token lasting = token(store.start(APP, spec(null, Duration.ofHours(2), null,
                OnExpiry.END_SESSION)));
        SessionInfo lastingBefore = store.info(lasting).orElseThrow();
        store.put(alice(), values("cart", 1), PutOptions.DEFAULT);
        store.close();

        clock.advance(Duration.ofMinutes(20));
        HostSessionStore after = open(PersistenceMode.EVERYSEC);

        assertFalse(after.exists(ending), "END_SESSION: ended, not revived with a fresh period");
        assertThrows(NotFoundException.class, () -> after.get(ending, null));
        assertTrue(after.exists(emptied), "DELETE_DATA: the session stays");
        assertEquals(Map.of(), after.get(emptied, null), "without its data");
        assertEquals(emptiedVersion + 1, after.info(emptied).orElseThrow().version());
        assertNull(after.info(emptied).orElseThrow().expiresAt(), "no period runs until the next write");
        assertEquals(lastingBefore.expiresAt(), after.info(lasting).orElseThrow().expiresAt(),
                "deadlines are wall-clock instants");
        assertTrue(after.exists(alice()), "20 of its 30 idle minutes passed");
        assertEquals(2, after.backend().usage().expirations(), "both expiries counted");

        clock.advance(Duration.ofMinutes(10));
        assertFalse(after.exists(alice()), "30 minutes after its last write");
    }

    @Test
    void readsThatKeptAGlobalSessionAliveAreKeptByAStop() {
        HostSessionStore store = open(PersistenceMode.EVERYSEC);
        store.put(alice(), values("cart", 1), PutOptions.DEFAULT);
        clock.advance(Duration.ofMinutes(20));
        store.get(alice(), null); // renews in the cache only
        store.close();
        clock.advance(Duration.ofMinutes(20));

        HostSessionStore after = open(PersistenceMode.EVERYSEC);

        assertEquals(1, after.get(alice(), List.of("cart")).get("cart").intValue(),
                "40 minutes after its write, 20 after its last read");
    }

    @Test
    void aGlobalSessionStartedAgainAfterItExpiredIsTheOneKept() {
        HostSessionStore store = open(PersistenceMode.EVERYSEC);
        store.put(alice(), values("cart", 1), PutOptions.DEFAULT);
        clock.advance(GLOBAL_IDLE);
        store.put(alice(), values("wish", 2), PutOptions.DEFAULT);

        HostSessionStore after = restart(store, PersistenceMode.EVERYSEC);

        Map<String, JsonNode> data = after.get(alice(), null);
        assertEquals(2, data.get("wish").intValue());
        assertFalse(data.containsKey("cart"), "the expired session's data is gone");
    }

    @Test
    void endedSessionsStayEndedAndTheirNamesFree() {
        HostSessionStore store = open(PersistenceMode.EVERYSEC);
        SessionRef.Token ended = token(store.start(APP, SessionSpec.unbounded()));
        store.start(APP, spec("lobby", null, null, OnExpiry.END_SESSION));
        store.put(alice(), values("cart", 1), PutOptions.DEFAULT);
        store.end(ended);
        store.end(new SessionRef.Shared(APP, "lobby"));
        store.endUserSessions(ALICE.id());

        HostSessionStore after = restart(store, PersistenceMode.EVERYSEC);

        assertFalse(after.exists(ended));
        assertFalse(after.exists(new SessionRef.Shared(APP, "lobby")));
        assertFalse(after.exists(alice()));
        assertNotNull(after.start(APP, spec("lobby", null, null, OnExpiry.END_SESSION)).token());
    }

    @Test
    void withAlwaysEveryAcknowledgedWriteIsOnDiskWithoutAStop() throws IOException {
        HostSessionStore store = open(PersistenceMode.ALWAYS);
        SessionRef.Token ref = token(store.start(APP, SessionSpec.unbounded()));
        for (int i = 0; i < 50; i++) {
            store.put(ref, values("n" + i, i), PutOptions.DEFAULT);
        }
        store.put(alice(), values("cart", 7), PutOptions.DEFAULT);

        HostSessionStore crashed = open(PersistenceMode.ALWAYS, crashImage("kill"));

        assertEquals(50, crashed.get(ref, null).size());
        assertEquals(store.info(ref).orElseThrow().version(), crashed.info(ref).orElseThrow().version());
        assertEquals(7, crashed.get(alice(), List.of("cart")).get("cart").intValue());
    }

    /** Updates are journaled as their result, like puts: a crash or a stop gives back exactly what was answered. */
    @Test
    void updatesSurviveACrashAndAStopWithTheValuesTheyAnswered() throws IOException {
        HostSessionStore store = open(PersistenceMode.ALWAYS);
        SessionRef.Token ref = token(store.start(APP, SessionSpec.unbounded()));
        ObjectNode delivery = JSON.objectNode().put("driver", "ann").put("eta", 5);
        UpdateResult last = null;
        for (int i = 0; i < 20; i++) {
            last = store.update(ref, List.of(
                    new ParameterUpdate.Append("basket", List.of(TextNode.valueOf("sku-" + i))),
                    ParameterUpdate.Increment.number("total", new BigDecimal("2.50")),
                    new ParameterUpdate.Merge("order", List.of("delivery"), delivery)), null);
        }
        store.update(ref, List.of(new ParameterUpdate.Unset("order", List.of("delivery", "eta")),
                new ParameterUpdate.Remove("basket", List.of(TextNode.valueOf("sku-0")))), null);
        Map<String, JsonNode> answered = store.get(ref, null);
        long bytes = store.bytesUsed();
        assertEquals("50.00", last.values().get("total").toString());

        HostSessionStore crashed = open(PersistenceMode.ALWAYS, crashImage("update"));
        assertEquals(answered, crashed.get(ref, null));
        assertEquals(21, crashed.info(ref).orElseThrow().version());
        assertEquals("50.00", crashed.get(ref, List.of("total")).get("total").toString());

        HostSessionStore restarted = restart(store, PersistenceMode.ALWAYS);
        assertEquals(answered, restarted.get(ref, null));
        assertEquals(bytes, restarted.bytesUsed());
    }

    @Test
    void aTornLogTailIsDroppedAndTheRestLoads() throws IOException {
        HostSessionStore store = open(PersistenceMode.ALWAYS);
        SessionRef.Token ref = token(store.start(APP, SessionSpec.unbounded()));
        store.put(ref, values("a", 1), PutOptions.DEFAULT);
        store.put(ref, values("b", 2), PutOptions.DEFAULT);
        Path image = crashImage("torn");
        Path log = image.resolve(SessionPersistence.LOG_FILE);
        Files.write(log, java.util.Arrays.copyOf(Files.readAllBytes(log), (int) Files.size(log) - 3));

        SessionJournal.Replay replay = SessionJournal.replay(log, JournalFormat.LOG, entry -> { });
        assertEquals(1, replay.droppedRecords(), "the record cut by the crash");
        assertEquals("a torn record", replay.problem());
        HostSessionStore crashed = open(PersistenceMode.ALWAYS, image);

        assertEquals(values("a", 1), crashed.get(ref, null), "the session as before the torn record");
        crashed.put(ref, values("c", 3), PutOptions.DEFAULT);
        crashed.close();
        HostSessionStore again = open(PersistenceMode.ALWAYS, image);
        assertEquals(values("a", 1, "c", 3), again.get(ref, null), "the torn tail is gone for good");
    }

    @Test
    void aCorruptRecordAndWhatFollowsAreDroppedAndReported() throws IOException {
        HostSessionStore store = open(PersistenceMode.ALWAYS);
        SessionRef.Token first = token(store.start(APP, SessionSpec.unbounded()));
        store.put(first, values("a", 1), PutOptions.DEFAULT);
        long goodLength = Files.size(folder.resolve(SessionPersistence.LOG_FILE));
        SessionRef.Token second = token(store.start(APP, SessionSpec.unbounded()));
        store.put(second, values("b", 2), PutOptions.DEFAULT);
        Path image = crashImage("corrupt");
        Path log = image.resolve(SessionPersistence.LOG_FILE);
        byte[] bytes = Files.readAllBytes(log);
        bytes[(int) goodLength + JournalFormat.RECORD_OVERHEAD + 2] ^= 0x40; // inside the next record's payload
        Files.write(log, bytes);

        SessionJournal.Replay replay = SessionJournal.replay(log, JournalFormat.LOG, entry -> { });
        assertEquals("a record with a bad checksum", replay.problem());
        assertEquals(2, replay.droppedRecords(), "the corrupt record and the one after it");
        assertEquals(bytes.length - goodLength, replay.droppedBytes());
        HostSessionStore crashed = open(PersistenceMode.ALWAYS, image);

        assertEquals(values("a", 1), crashed.get(first, null));
        assertFalse(crashed.exists(second), "its start was in the dropped records");
    }

    @Test
    void twoSharedSessionsReadBackUnderOneNameLeaveTheNewerHoldingIt() throws IOException {
        Files.createDirectories(folder);
        long now = EpochNanos.of(clock.instant());
        ExpiryPolicy named = ExpiryPolicy.started(spec("lobby", null, null, OnExpiry.END_SESSION));
        SessionKey older = new SessionKey(APP, SessionKey.Kind.TOKEN, "older-token");
        SessionKey newer = new SessionKey(APP, SessionKey.Kind.TOKEN, "newer-token");
        try (SessionJournal log = SessionJournal.create(FileChannels.DEFAULT,
                folder.resolve(SessionPersistence.LOG_FILE))) {
            log.append(JournalFormat.encode(newer, SessionRecord.create(named, Parameters.EMPTY, now + 5)));
            log.append(JournalFormat.encode(older, SessionRecord.create(named, Parameters.EMPTY, now)));
            log.write();
        }

        HostSessionStore store = open(PersistenceMode.EVERYSEC);

        assertFalse(store.exists(new SessionRef.Token(APP, "older-token")), "the older one ended");
        assertTrue(store.exists(new SessionRef.Token(APP, "newer-token")));
        assertEquals(newer.publicId(), store.openShared(APP, "lobby").sessionId());
    }

    @Test
    void aFileOfANewerFormatIsRefusedRatherThanMisread() throws IOException {
        Files.createDirectories(folder);
        byte[] header = JournalFormat.header(JournalFormat.SNAPSHOT);
        ByteBuffer.wrap(header).putInt(8, JournalFormat.CURRENT + 1);
        Files.write(folder.resolve(SessionPersistence.SNAPSHOT_FILE), header, StandardOpenOption.CREATE_NEW);

        UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                () -> open(PersistenceMode.EVERYSEC));
        assertTrue(refused.getMessage().contains("newer Sessionkit host"), refused.getMessage());
    }

    @Test
    void withoutPersistenceNothingIsKept() {
        HostSessionStore store = open(PersistenceMode.NONE);
        store.put(alice(), values("cart", 1), PutOptions.DEFAULT);
        HostSessionStore after = restart(store, PersistenceMode.NONE);
        assertFalse(after.exists(alice()));
        assertFalse(Files.exists(folder.resolve(SessionPersistence.LOG_FILE)));
    }
}
