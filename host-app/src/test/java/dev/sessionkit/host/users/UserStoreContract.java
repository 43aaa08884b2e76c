package dev.sessionkit.host.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link UserStore}, as tests: the file store and the Redis store extend this class and implement
 * {@link #newStore()}.
 */
abstract class UserStoreContract {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    /** @return a new, empty store; the test closes nothing */
    protected abstract UserStore newStore();

    /**
     * @param first a store made by {@link #newStore()}
     * @return another store over the same accounts (another host), or {@code first} when the store is one host's
     */
    protected UserStore peerOf(UserStore first) {
        return first;
    }

    static User user(String username, Role role) {
        return new User(UUID.randomUUID().toString(), username, role, "$2a$04$hash-of-" + username, CREATED);
    }

    @Test
    void accountsAreFoundByIdAndByUsernameIgnoringCase() {
        UserStore store = newStore();
        assertTrue(store.isEmpty());
        User ada = user("Ada", Role.ADMIN);
        store.add(ada);
        User bob = user("bob", Role.USER);
        store.add(bob);

        assertFalse(store.isEmpty());
        assertEquals(ada, store.byId(ada.id()).orElseThrow());
        assertEquals(ada, store.byUsername("aDA").orElseThrow());
        assertEquals(List.of(ada, bob), store.all(), "by username ignoring case");
        assertTrue(store.byUsername("nobody").isEmpty());
        assertTrue(store.byId("no-such-id").isEmpty());
    }

    @Test
    void aUsernameIsTakenIgnoringCaseAndARefusedAddChangesNothing() {
        UserStore store = newStore();
        store.add(user("cleo", Role.USER));
        ConflictException taken = assertThrows(ConflictException.class, () -> store.add(user("CLEO", Role.ADMIN)));
        assertEquals("USERNAME_TAKEN", taken.code());
        assertEquals(1, store.all().size());
    }

    @Test
    void removingAnUnknownUserOrTheLastAdminIsRefused() {
        UserStore store = newStore();
        User admin = user("root", Role.ADMIN);
        store.add(admin);
        User builder = user("bea", Role.BUILDER);
        store.add(builder);

        assertEquals("USER_NOT_FOUND", assertThrows(NotFoundException.class, () -> store.remove("nope")).code());
        assertEquals("LAST_ADMIN", assertThrows(ConflictException.class, () -> store.remove(admin.id())).code());
        assertEquals(builder, store.remove(builder.id()));
        assertTrue(store.byUsername("bea").isEmpty());
        store.add(user("bea", Role.USER));

        User second = user("root2", Role.ADMIN);
        store.add(second);
        assertEquals(admin, store.remove(admin.id()), "an admin may go while another remains");
    }

    @Test
    void aPasswordHashIsReplacedOnlyWhenItIsStillTheExpectedOneAndEveryInstanceSeesTheNewOne() {
        UserStore first = newStore();
        UserStore peer = peerOf(first);
        User eve = user("eve", Role.USER);
        first.add(eve);

        User changed = first.replacePasswordHash(eve.id(), eve.passwordHash(), "$2a$04$new-hash");
        assertEquals(new User(eve.id(), "eve", Role.USER, "$2a$04$new-hash", eve.createdAt()), changed);
        assertEquals(changed, first.byUsername("eve").orElseThrow());
        assertEquals("PASSWORD_CHANGED", assertThrows(ConflictException.class,
                () -> peer.replacePasswordHash(eve.id(), eve.passwordHash(), "$2a$04$lost-update")).code(),
                "a change from the old hash loses against the one that was made");
        assertEquals("$2a$04$new-hash", peer.byId(eve.id()).orElseThrow().passwordHash());
        assertEquals("USER_NOT_FOUND", assertThrows(NotFoundException.class,
                () -> first.replacePasswordHash("no-such-id", "x", "y")).code());
        assertEquals(1, first.all().size());
    }

    @Test
    void theFirstAccountIsAddedOnlyWhenThereIsNone() {
        UserStore store = newStore();
        assertTrue(store.addFirst(user("first", Role.ADMIN)));
        assertFalse(store.addFirst(user("second", Role.ADMIN)));
        assertEquals(1, store.all().size());
    }

    @Test
    void ofManyConcurrentFirstAccountsExactlyOneIsAdded() throws InterruptedException {
        UserStore first = newStore();
        UserStore peer = peerOf(first);
        AtomicInteger added = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            UserStore store = i % 2 == 0 ? first : peer;
            String name = "admin" + i;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    if (store.addFirst(user(name, Role.ADMIN))) added.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertEquals(1, added.get());
        assertEquals(1, first.all().size());
        assertEquals(1, peer.all().size());
    }

    @Test
    void whatOneInstanceAddsTheOtherFindsAtOnce() {
        UserStore first = newStore();
        UserStore peer = peerOf(first);
        User dora = user("dora", Role.USER);
        first.add(dora);
        assertEquals(dora, peer.byUsername("dora").orElseThrow());
        assertEquals(dora, peer.byId(dora.id()).orElseThrow());
        assertThrows(ConflictException.class, () -> peer.add(user("Dora", Role.USER)));
    }
}
