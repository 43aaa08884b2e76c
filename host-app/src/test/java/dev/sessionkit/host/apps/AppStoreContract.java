package dev.sessionkit.host.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AppStore}, as tests: the file store and the Redis store extend this class. A new store
 * holds the {@value App#DEFAULT_ID} app, as a first start does.
 */
abstract class AppStoreContract {
    protected final ManualClock clock = new ManualClock();

    /** @return a new store on {@link #clock}, as after a first start */
    protected abstract AppStore newStore();

    /** @param first a store @return another host's store over the same apps, or {@code first} */
    protected AppStore peerOf(AppStore first) {
        return first;
    }

    private static ArrayNode noFlows() {
        return JsonNodeFactory.instance.arrayNode();
    }

    @Test
    void aFirstStartHoldsTheDefaultApp() {
        AppStore store = newStore();
        assertEquals(List.of(App.DEFAULT_ID), store.all().stream().map(App::id).toList());
        assertEquals(1, store.require(App.DEFAULT_ID).version());
    }

    @Test
    void anAppIsCreatedAtVersionOneAndItsIdIsUnique() {
        AppStore store = newStore();
        App shop = store.create("shop", "Shop", 600L, noFlows());
        assertEquals(1, shop.version());
        assertEquals(shop, store.require("shop"));
        assertEquals("APP_EXISTS", assertThrows(ConflictException.class,
                () -> peerOf(store).create("shop", "Other", null, null)).code());
        assertEquals("APP_NOT_FOUND", assertThrows(NotFoundException.class, () -> store.require("nope")).code());
    }

    @Test
    void anUpdateNeedsTheVersionReadWhicheverInstanceServedTheRead() {
        AppStore store = newStore();
        AppStore peer = peerOf(store);
        store.create("shop", "Shop", null, noFlows());
        long read = peer.require("shop").version();
        clock.advance(Duration.ofSeconds(5));

        App saved = store.update("shop", read, "Shop v2", null, noFlows());
        assertEquals(2, saved.version());
        assertEquals("Shop v2", peer.require("shop").name(), "the other instance reads the new version at once");
        assertEquals(saved.createdAt(), store.require("shop").createdAt());
        assertTrue(saved.updatedAt().isAfter(saved.createdAt()));

        ConflictException stale = assertThrows(ConflictException.class,
                () -> peer.update("shop", read, "Late", null, noFlows()));
        assertEquals("VERSION_CONFLICT", stale.code());
        assertEquals(2L, stale.details().get("actual"));
        assertEquals("Shop v2", store.require("shop").name(), "a refused update changes nothing");
        assertEquals("APP_NOT_FOUND", assertThrows(NotFoundException.class,
                () -> store.update("nope", 1, "x", null, noFlows())).code());
    }

    @Test
    void aDeletedAppIsGoneEverywhere() {
        AppStore store = newStore();
        store.create("shop", "Shop", null, noFlows());
        assertEquals("shop", store.delete("shop").id());
        assertTrue(peerOf(store).find("shop").isEmpty());
        assertEquals("APP_NOT_FOUND", assertThrows(NotFoundException.class, () -> store.delete("shop")).code());
    }
}
