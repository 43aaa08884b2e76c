package dev.sessionkit.host.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.HostSessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AppSessionStoreTest {
    private final HostSessionStore store = HostSessionStore.embedded(config -> config.clock = new ManualClock());
    private final SessionStore shop = new AppSessionStore(store, "shop");
    private final UserIdentity ada = new UserIdentity("u-1", "ada", "user");

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everythingOfTheBoundAppIsDelegated() {
        SessionRef.Global global = new SessionRef.Global("shop", ada, Duration.ofMinutes(5));
        shop.put(global, Map.of("cart", TextNode.valueOf("c-1")), PutOptions.DEFAULT);
        assertEquals(TextNode.valueOf("c-1"), store.get(global, List.of("cart")).get("cart"));
        String token = shop.start("shop", SessionSpec.unbounded()).token();
        assertTrue(shop.exists(new SessionRef.Token("shop", token)));
        assertEquals(2, store.list("shop").size());
    }

    @Test
    void theViewOffersTheDataOperationsOnlyNeverTheHostsAdministration() {
        for (java.lang.reflect.Method method : AppSessionStore.class.getMethods()) {
            assertFalse(List.of("list", "inspect", "endById", "endUserSessions", "endAppSessions", "close", "cleanUp")
                    .contains(method.getName()), "a method can reach the host operation " + method.getName());
        }
    }

    @Test
    void sessionsOfOtherAppsAreOutOfReach() {
        SessionRef.Global other = new SessionRef.Global("bank", ada, Duration.ofMinutes(5));
        store.put(other, Map.of("iban", TextNode.valueOf("secret")), PutOptions.DEFAULT);
        String otherToken = store.start("bank", SessionSpec.unbounded()).token();
        List<Executable> attempts = List.of(
                () -> shop.get(other, null),
                () -> shop.put(other, Map.of("x", TextNode.valueOf("y")), PutOptions.DEFAULT),
                () -> shop.delete(other, List.of("iban")),
                () -> shop.clear(other),
                () -> shop.end(other),
                () -> shop.touch(other),
                () -> shop.exists(other),
                () -> shop.info(other),
                () -> shop.get(new SessionRef.Token("bank", otherToken), null),
                () -> shop.start("bank", SessionSpec.unbounded()),
                () -> shop.openShared("bank", "settings"));
        for (Executable attempt : attempts) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, attempt);
            assertTrue(error.getMessage().contains("out of its reach"), error.getMessage());
        }
        assertEquals(TextNode.valueOf("secret"), store.get(other, List.of("iban")).get("iban"));
    }
}
