package dev.sessionkit.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The index of SHARED session names: (app, name) to the session's token. Thread-safe.
 *
 * <p>An entry may outlive its session (the session expired in the cache, whose eviction listener must not touch this
 * index). Such a stale entry names a token that addresses nothing, so it resolves to "not found", never to another
 * session: tokens are never reused. {@link #claim} treats a stale entry as free, {@link #purge} drops stale entries.
 *
 * <p>Lock order: {@link #claim} creates the session in the cache while it holds this index's lock for the name;
 * nothing ever takes this index's lock while holding a cache lock.
 */
final class SharedNames {
    private final ConcurrentHashMap<Name, String> tokens = new ConcurrentHashMap<>();

    /** @param appId the app @param name the name @return the token it names (maybe of a session gone), or null */
    String tokenOf(String appId, String name) {
        return tokens.get(new Name(appId, name));
    }

    /**
     * Atomically takes a name for a new session, unless a live session holds it.
     *
     * @param appId  the app
     * @param name   the name
     * @param alive  whether the session of a token is live
     * @param create creates the session (in the cache) and returns its token; runs while the name is locked
     * @return the new session's token
     * @throws dev.sessionkit.api.error.ConflictException code {@code SESSION_NAME_TAKEN}
     */
    String claim(String appId, String name, Predicate<String> alive, Supplier<String> create) {
        return tokens.compute(new Name(appId, name), (key, holder) -> {
            if (holder != null && alive.test(holder)) throw StoreErrors.nameTaken(appId, name);
            return create.get();
        });
    }

    /** Frees a name if it still names this token. @param appId the app @param name the name @param token the token */
    void release(String appId, String name, String token) {
        tokens.remove(new Name(appId, name), token);
    }

    /** @param alive whether the session of (app, token) is live; entries of dead ones are removed */
    void purge(BiPredicate<String, String> alive) {
        tokens.forEach((name, token) -> {
            if (!alive.test(name.appId(), token)) tokens.remove(name, token);
        });
    }

    /**
     * Names a session read back from disk when the store starts (no other thread uses the store yet).
     *
     * @param appId the app @param name the name @param token the session's token
     */
    void restore(String appId, String name, String token) {
        tokens.put(new Name(appId, name), token);
    }

    /** Removes every name. */
    void clear() {
        tokens.clear();
    }

    private record Name(String appId, String name) {
    }
}
