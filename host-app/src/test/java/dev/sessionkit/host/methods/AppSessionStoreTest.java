package dev.sessionkit.host.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.ForbiddenException;
import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.host.quota.LocalAnonymousQuota;
import dev.sessionkit.store.HostSessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AppSessionStoreTest {
    private static final String CLIENT = "192.0.2.7";
    private final ManualClock clock = new ManualClock();
    private final HostSessionStore store = HostSessionStore.embedded(config -> config.clock = clock);
    private final LocalAnonymousQuota quota = new LocalAnonymousQuota(3, 100, clock);
    private final UserIdentity ada = new UserIdentity("u-1", "ada", "user");
    private final UserIdentity bea = new UserIdentity("u-2", "bea", "builder");
    private final UserIdentity root = new UserIdentity("u-3", "root", "admin");
    private final SessionStore shop = view(Optional.of(ada), true);

    private SessionStore view(Optional<UserIdentity> user, boolean directCall) {
        return new AppSessionStore(store, "shop", new SessionCaller(user, directCall, CLIENT), quota);
    }

    private static Map<String, JsonNode> value(String name, String text) {
        return Map.of(name, TextNode.valueOf(text));
    }

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

    /** Every operation on the SHARED session 'settings', by name and by its token, through a view. */
    private List<Executable> reads(SessionStore view, SessionRef ref) {
        return List.of(() -> view.exists(ref), () -> view.info(ref), () -> view.get(ref, null));
    }

    private List<Executable> writes(SessionStore view, SessionRef ref) {
        return List.of(() -> view.put(ref, value("theme", "dark"), PutOptions.DEFAULT),
                () -> view.delete(ref, List.of("theme")), () -> view.clear(ref), () -> view.touch(ref),
                () -> view.end(ref));
    }

    @Test
    void onDirectCallsReadingASharedSessionNeedsASignedInCaller() {
        SessionInfo settings = store.start("shop", new SessionSpec("settings", null, null, false, false, null));
        store.put(new SessionRef.Shared("shop", "settings"), value("apiKey", "k-1"), PutOptions.DEFAULT);
        SessionStore anonymous = view(Optional.empty(), true);
        for (SessionRef ref : List.of(new SessionRef.Shared("shop", "settings"),
                new SessionRef.Token("shop", settings.token()))) {
            for (Executable read : reads(anonymous, ref)) {
                UnauthorizedException error = assertThrows(UnauthorizedException.class, read);
                assertEquals("AUTHENTICATION_REQUIRED", error.code());
                assertEquals("settings", error.details().get("sessionName"));
                assertEquals("read", error.details().get("operation"));
            }
            for (Executable read : reads(shop, ref)) {
                assertDoesNotFail(read);
            }
        }
        assertThrows(UnauthorizedException.class, () -> anonymous.openShared("shop", "settings"));
        assertEquals(settings.token(), shop.openShared("shop", "settings").token());
        assertThrows(UnauthorizedException.class, () -> anonymous.exists(new SessionRef.Shared("shop", "nothing")),
                "the answer does not tell whether a name exists");
    }

    @Test
    void onDirectCallsChangingASharedSessionNeedsABuilderOrAnAdmin() {
        SessionInfo settings = store.start("shop", new SessionSpec("settings", null, null, false, false, null));
        SessionStore anonymous = view(Optional.empty(), true);
        for (SessionRef ref : List.of(new SessionRef.Shared("shop", "settings"),
                new SessionRef.Token("shop", settings.token()))) {
            for (Executable write : writes(anonymous, ref)) {
                assertEquals("AUTHENTICATION_REQUIRED", assertThrows(UnauthorizedException.class, write).code());
            }
            for (Executable write : writes(shop, ref)) {
                ForbiddenException error = assertThrows(ForbiddenException.class, write);
                assertEquals("SHARED_SESSION_FORBIDDEN", error.code());
                assertEquals(List.of("builder", "admin"), error.details().get("requiredRoles"));
                assertEquals("user", error.details().get("role"));
                assertEquals("settings", error.details().get("sessionName"));
            }
        }
        ForbiddenException start = assertThrows(ForbiddenException.class, () -> shop.start("shop",
                new SessionSpec("squat", null, null, false, false, null)));
        assertEquals("start", start.details().get("operation"));
        assertFalse(store.exists(new SessionRef.Shared("shop", "squat")), "a refused start takes no name");
        assertTrue(store.exists(new SessionRef.Shared("shop", "settings")), "nothing refused changed the session");

        for (UserIdentity editor : List.of(bea, root)) {
            SessionStore view = view(Optional.of(editor), true);
            SessionRef.Shared ref = new SessionRef.Shared("shop", "by-" + editor.username());
            view.start("shop", new SessionSpec(ref.name(), null, null, false, false, null));
            for (Executable write : writes(view, ref)) {
                assertDoesNotFail(write);
            }
        }
    }

    @Test
    void aFlowsStepsDecideWhateverTheCaller() {
        store.start("shop", new SessionSpec("settings", null, null, false, false, null));
        SessionRef.Shared ref = new SessionRef.Shared("shop", "settings");
        SessionStore flow = view(Optional.empty(), false);
        flow.put(ref, value("theme", "dark"), PutOptions.DEFAULT);
        assertEquals(value("theme", "dark"), flow.get(ref, null));
        for (Executable write : writes(view(Optional.of(ada), false), ref)) {
            assertDoesNotFail(write);
        }
    }

    @Test
    void aTokenSessionIsNotASharedOne() {
        SessionStore anonymous = view(Optional.empty(), true);
        SessionRef.Token basket = new SessionRef.Token("shop", anonymous.start("shop", SessionSpec.unbounded())
                .token());
        anonymous.put(basket, value("sku", "A"), PutOptions.DEFAULT);
        assertEquals(value("sku", "A"), anonymous.get(basket, null));
        assertTrue(anonymous.end(basket));
    }

    @Test
    void anonymousCallersStartAnonymousSessionsAndTakeFromTheirQuota() {
        SessionStore anonymous = view(Optional.empty(), true);
        SessionInfo first = anonymous.start("shop", SessionSpec.unbounded());
        assertEquals(Duration.ofMinutes(30), first.spec().idleTimeout(), "anonymous limits apply");
        assertEquals(1, store.usage().anonymousCount());
        anonymous.start("shop", SessionSpec.unbounded());
        view(Optional.empty(), false).start("shop", SessionSpec.unbounded());

        TooManyRequestsException error = assertThrows(TooManyRequestsException.class,
                () -> anonymous.start("shop", SessionSpec.unbounded()));
        assertEquals("ANONYMOUS_QUOTA_EXCEEDED", error.code());
        assertEquals("sessionsStarted", error.details().get("allowance"));
        assertEquals(3, store.usage().anonymousCount(), "a refused start starts nothing");
        SessionInfo signedIn = shop.start("shop", SessionSpec.unbounded());
        assertEquals(null, signedIn.spec().idleTimeout(), "signed-in callers are neither limited nor counted");

        clock.advance(Duration.ofSeconds(20));
        anonymous.start("shop", SessionSpec.unbounded());
    }

    @Test
    void anonymousWritesToTokenSessionsTakeTheirBytesFromTheQuota() {
        SessionStore anonymous = view(Optional.empty(), true);
        SessionRef.Token basket = new SessionRef.Token("shop", anonymous.start("shop", SessionSpec.unbounded())
                .token());
        anonymous.put(basket, value("a", "x".repeat(60)), PutOptions.DEFAULT); // 1 + 62 bytes
        TooManyRequestsException error = assertThrows(TooManyRequestsException.class,
                () -> anonymous.put(basket, value("b", "y".repeat(40)), PutOptions.DEFAULT));
        assertEquals("bytesWritten", error.details().get("allowance"));
        assertFalse(store.get(basket, null).containsKey("b"), "nothing of a refused write is stored");

        SessionRef.Local local = new SessionRef.Local("shop", "exec-1");
        anonymous.put(local, value("big", "z".repeat(90)), PutOptions.DEFAULT);
        shop.put(basket, value("b", "y".repeat(40)), PutOptions.DEFAULT);
    }

    private static void assertDoesNotFail(Executable call) {
        try {
            call.execute();
        } catch (SessionkitException e) {
            if (!e.code().equals("SESSION_NOT_FOUND")) throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
