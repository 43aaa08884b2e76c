package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.session.OnExpiry;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.contract.SessionStoreContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The store contract on a {@link HostSessionStore} over a {@link CaffeineSessionStore}, plus what is particular to
 *  them: removal of expired sessions, the LOCAL safety net, copies of values, configuration. */
class CaffeineSessionStoreTest extends SessionStoreContract {

    private final List<HostSessionStore> extraStores = new ArrayList<>();

    @Override
    protected HostSessionStore newStore(ManualClock clock, SessionLimits limits, AnonymousLimits anonymous) {
        return create(clock, config -> {
            config.limits = limits;
            config.anonymous = anonymous;
        });
    }

    private static HostSessionStore create(ManualClock clock, Consumer<CaffeineStoreConfig> settings) {
        return HostSessionStore.embedded(config -> {
            config.clock = clock;
            config.promptExpiry = false;
            settings.accept(config);
        });
    }

    /** @param settings changes to the test defaults @return a store on {@link #clock}, closed after the test */
    private HostSessionStore extra(Consumer<CaffeineStoreConfig> settings) {
        HostSessionStore created = create(clock, settings);
        extraStores.add(created);
        return created;
    }

    @AfterEach
    void closeExtraStores() {
        extraStores.forEach(HostSessionStore::close);
    }

    /** Waits for a condition the store's background thread brings about; fails after the timeout. */
    private static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " did not happen within " + timeout);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Nested
    class Removal {
        @Test
        void anExpiredSessionKeepsItsBytesUntilCleanUpRemovesIt() {
            SessionRef.Token ref = startToken(ttl(Duration.ofMinutes(1)));
            put(ref, "a", "text");
            long held = store.bytesUsed();
            advance(Duration.ofMinutes(1));

            assertEquals(held, store.bytesUsed(), "without prompt expiry the entry stays until a clean-up");
            store.cleanUp();
            assertEquals(0, store.bytesUsed());
        }

        @Test
        void anExpiredSessionReachedBeforeCleanUpIsReleasedExactlyOnce() {
            SessionRef.Token token = startToken(ttl(Duration.ofMinutes(1)));
            put(token, "a", "text");
            put(global(ALICE), "cart", 3);
            advance(GLOBAL_IDLE);

            assertThrows(NotFoundException.class, () -> store.put(token, values("b", 1), PutOptions.DEFAULT));
            assertFalse(store.end(token));
            store.get(global(ALICE), null);
            long identity = store.info(global(ALICE)).orElseThrow().bytes();
            assertEquals(identity, store.bytesUsed());
            store.cleanUp();
            assertEquals(identity, store.bytesUsed());
        }

        @Test
        void aFullStoreDropsExpiredSessionsBeforeRefusingAWrite() {
            HostSessionStore small = extra(config -> config.limits = new SessionLimits(10, 1024, 40));
            SessionRef.Token expiring = new SessionRef.Token(APP, small.start(APP, ttl(Duration.ofMinutes(1))).token());
            small.put(expiring, values("a", "x".repeat(30)), PutOptions.DEFAULT);
            advance(Duration.ofMinutes(1));

            SessionRef.Local local = local();
            small.put(local, values("b", "y".repeat(20)), PutOptions.DEFAULT);
            assertEquals(1 + 22, small.bytesUsed());
        }

        @Test
        void theLocalSafetyNetRemovesALocalSessionNobodyUses() {
            HostSessionStore guarded = extra(config -> config.localIdleTimeout = Duration.ofMinutes(10));
            SessionRef.Local abandoned = local();
            SessionRef.Local busy = local();
            guarded.put(abandoned, values("a", 1), PutOptions.DEFAULT);
            guarded.put(busy, values("a", 1), PutOptions.DEFAULT);

            advance(Duration.ofMinutes(9));
            guarded.get(busy, null);
            assertNull(guarded.info(busy).orElseThrow().expiresAt(), "the safety net is not part of the contract");
            advance(Duration.ofMinutes(1));

            assertFalse(guarded.exists(abandoned));
            assertTrue(guarded.exists(busy));
            advance(Duration.ofMinutes(8));
            guarded.put(busy, values("b", 2), PutOptions.DEFAULT);
            advance(Duration.ofMinutes(9));
            assertTrue(guarded.exists(busy), "writes slide the safety net too");
            assertEquals(2, guarded.info(busy).orElseThrow().version(), "still the same session");
            guarded.cleanUp();
            assertEquals(guarded.info(busy).orElseThrow().bytes(), guarded.bytesUsed());
        }

        @Test
        void aLocalSessionPastTheSafetyNetIsGoneForEveryOperationAndItsBytesAreReleased() {
            HostSessionStore guarded = extra(config -> config.localIdleTimeout = Duration.ofMinutes(10));
            SessionRef.Local abandoned = local();
            SessionRef.Local listed = local();
            SessionRef.Local ended = local();
            guarded.put(abandoned, values("a", "x".repeat(30)), PutOptions.DEFAULT);
            guarded.put(listed, values("a", "y".repeat(30)), PutOptions.DEFAULT);
            guarded.put(ended, values("a", "z".repeat(30)), PutOptions.DEFAULT);
            advance(Duration.ofMinutes(10));

            assertFalse(guarded.end(ended), "ending one past the safety net ends nothing live");
            assertTrue(guarded.info(abandoned).isEmpty());
            assertTrue(guarded.inspect(APP, "local:" + abandoned.executionId()).isEmpty());
            assertTrue(guarded.list(APP).isEmpty(), "sessions past the safety net are not listed");
            assertEquals(Map.of(), guarded.get(abandoned, null), "a read finds a new, empty session");
            guarded.put(abandoned, values("b", 1), PutOptions.DEFAULT);
            assertEquals(values("b", 1), guarded.get(abandoned, null), "a write starts afresh");
            assertEquals(1, guarded.info(abandoned).orElseThrow().version());
            assertEquals(guarded.info(abandoned).orElseThrow().bytes(), guarded.bytesUsed(),
                    "the bytes of the old data were released");
            assertTrue(guarded.end(abandoned));
            assertEquals(0, guarded.bytesUsed());
        }

        @Test
        void aFailedWriteToALocalSessionPastTheSafetyNetReleasesItsBytesOnlyOnce() {
            HostSessionStore guarded = extra(config -> config.localIdleTimeout = Duration.ofMinutes(10));
            SessionRef.Local stale = local();
            guarded.put(stale, values("a", "x".repeat(30)), PutOptions.DEFAULT);
            advance(Duration.ofMinutes(9));
            SessionRef.Local live = local();
            guarded.put(live, values("b", "y".repeat(8)), PutOptions.DEFAULT);
            advance(Duration.ofMinutes(1));

            assertThrows(ConflictException.class, () -> guarded.put(stale, values("c", 1),
                    new PutOptions(false, 7L, Set.of())), "a new session is at version 0, not 7");
            guarded.cleanUp();
            assertEquals(guarded.info(live).orElseThrow().bytes(), guarded.bytesUsed(),
                    "the stale session's bytes were released exactly once");
            guarded.put(stale, values("c", 1), new PutOptions(false, 0L, Set.of()));
            assertEquals(guarded.info(live).orElseThrow().bytes() + guarded.info(stale).orElseThrow().bytes(),
                    guarded.bytesUsed());
        }

        @Test
        void promptExpiryRemovesExpiredSessionsAndDataWithoutACallToCleanUp() {
            HostSessionStore prompt = extra(config -> config.promptExpiry = true);
            SessionRef.Token ending = new SessionRef.Token(APP, prompt.start(APP, ttl(Duration.ofMinutes(1))).token());
            SessionRef.Token keeping = new SessionRef.Token(APP, prompt.start(APP, new SessionSpec(null,
                    Duration.ofMinutes(1), null, false, false, OnExpiry.DELETE_DATA)).token());
            prompt.put(ending, values("a", "text"), PutOptions.DEFAULT);
            prompt.put(keeping, values("a", "text"), PutOptions.DEFAULT);
            assertTrue(prompt.bytesUsed() > 0);

            advance(Duration.ofMinutes(1));
            awaitCondition("background removal", Duration.ofSeconds(10), () -> prompt.bytesUsed() == 0);
            assertTrue(prompt.exists(keeping));
        }

        @Test
        void closingStopsTheBackgroundThreadAndDiscardsEverything() {
            HostSessionStore prompt = extra(config -> config.promptExpiry = true);
            prompt.put(local(), values("a", 1), PutOptions.DEFAULT);
            assertTrue(sweeperRunning());

            prompt.close();
            awaitCondition("the sweeper to stop", Duration.ofSeconds(10), () -> !sweeperRunning());
            assertEquals(0, prompt.bytesUsed());
            assertThrows(IllegalStateException.class, () -> prompt.get(local(), null));
            prompt.cleanUp();
            prompt.close();
        }

        private boolean sweeperRunning() {
            return Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(thread -> thread.getName().equals("sessionkit-session-sweeper"));
        }
    }

    @Nested
    class Values {
        @Test
        void objectsAndArraysAreCopiedSoLaterChangesByTheCallerDoNotReachTheStore() {
            ObjectNode cart = JsonNodeFactory.instance.objectNode().put("items", 1);
            ArrayNode skus = cart.putArray("skus").add("A");
            SessionRef.Local ref = local();
            store.put(ref, Map.of("cart", cart), PutOptions.DEFAULT);
            long bytes = store.bytesUsed();

            cart.put("items", 99);
            skus.add("B");
            JsonNode stored = store.get(ref, List.of("cart")).get("cart");
            assertEquals(1, stored.get("items").intValue());
            assertEquals(1, stored.get("skus").size());
            assertEquals(bytes, store.bytesUsed());
        }

        @Test
        void aValueThatIsNotJsonIsRefusedEvenInsideAnObject() {
            SessionRef.Local ref = local();
            ObjectNode holder = JsonNodeFactory.instance.objectNode().set("inner", new POJONode(new Object()));

            InvalidInputException direct = assertThrows(InvalidInputException.class,
                    () -> store.put(ref, Map.of("pojo", new POJONode(new Object())), PutOptions.DEFAULT));
            InvalidInputException nested = assertThrows(InvalidInputException.class,
                    () -> store.put(ref, Map.of("holder", holder), PutOptions.DEFAULT));
            assertEquals("VALUE_NOT_JSON", direct.code());
            assertEquals("holder", nested.details().get("parameter"));
            assertFalse(store.exists(ref));
        }
    }

    @Nested
    class Configuration {
        @Test
        void missingOrNonPositiveSettingsAreRefused() {
            assertThrows(IllegalArgumentException.class, () -> HostSessionStore.embedded(config -> config.clock = null));
            assertThrows(IllegalArgumentException.class,
                    () -> HostSessionStore.embedded(config -> config.localIdleTimeout = Duration.ZERO));
        }

        @Test
        void theBackendRefusesLocalSessionsWhichTheHostKeeps() {
            try (CaffeineSessionStore backend = CaffeineSessionStore.create(config -> config.clock = clock)) {
                assertThrows(IllegalArgumentException.class, () -> backend.get(local(), null));
                assertThrows(IllegalArgumentException.class,
                        () -> backend.put(local(), values("a", 1), PutOptions.DEFAULT));
            }
        }

        @Test
        void keysShowThePublicIdNeverTheToken() {
            SessionKey key = new SessionKey(APP, SessionKey.Kind.TOKEN, "the-secret-token");

            assertFalse(key.toString().contains("the-secret-token"));
            assertTrue(key.toString().contains(key.publicId()));
            assertEquals(6 + 16, key.publicId().length());
        }
    }
}
