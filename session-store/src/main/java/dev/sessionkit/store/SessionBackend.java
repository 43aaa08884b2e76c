package dev.sessionkit.store;

import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.session.SessionStore;
import java.util.List;
import java.util.Optional;

/**
 * Where the GLOBAL, TOKEN and SHARED sessions live: in this JVM ({@link CaffeineSessionStore}, the embedded default)
 * or in Redis, shared by every host that uses the same Redis and namespace ({@code RedisSessionStore}). The host
 * never uses a backend directly; it holds a {@link HostSessionStore}, which adds the LOCAL sessions of this host's
 * executions.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The data operations are those of {@link SessionStore}, with all its rules, for GLOBAL, TOKEN and SHARED refs.
 *       A {@link SessionRef.Local LOCAL} ref is refused with an {@link IllegalArgumentException}: LOCAL sessions belong
 *       to one execution in one JVM and never reach a backend.</li>
 *   <li>The administration operations below see every session of the backend, whichever host created it. They are
 *       meant for administrators and host operations (logout, deleting a user or an app), not for request paths of
 *       data operations, but none scans the whole backend: each follows an index of one user or one app.</li>
 *   <li>Bytes: the backend counts the bytes of its sessions against {@link SessionLimits#maxTotalBytes()} together
 *       with the LOCAL bytes of this host, which {@link HostSessionStore} reserves in {@link #localBudget()}.</li>
 *   <li>Availability: a backend kept in a service answers {@code SESSION_STORE_UNAVAILABLE}
 *       ({@link dev.sessionkit.api.error.ServiceUnavailableException}) within about a second when the service cannot
 *       be reached, and recovers by itself when it comes back; {@link #status()} says which is the case.</li>
 *   <li>Thread-safe; no argument may be null.</li>
 * </ul>
 */
public interface SessionBackend extends SessionStore, AutoCloseable {

    /**
     * Starts a session for a caller without a signed-in user, as {@link #start} does, marked <em>anonymous</em> with
     * the backend's {@link AnonymousLimits}: its spec's idle timeout is capped ({@link AnonymousLimits#capped}); it
     * ends {@link AnonymousLimits#maxLifetime()} after this start at the latest, whatever its spec, touches and
     * DELETE_DATA; its bytes count against {@link AnonymousLimits#maxBytes} as well as against the store's limit (a
     * write past it: {@code ANONYMOUS_SHARE_FULL}, after a clean-up); and it counts against
     * {@link AnonymousLimits#maxSessions} (past it: {@code TOO_MANY_ANONYMOUS_SESSIONS}, after a clean-up). The mark
     * lasts as long as the session; who writes to it later does not matter. Other {@link SessionStore} operations
     * treat it as any session.
     *
     * @param appId the app
     * @param spec  what the caller asked for
     * @return its info with the token, showing the capped spec and the expiry the limits give
     * @throws dev.sessionkit.api.error.ConflictException            code {@code SESSION_NAME_TAKEN}
     * @throws dev.sessionkit.api.error.InsufficientStorageException code {@code TOO_MANY_ANONYMOUS_SESSIONS} or
     *                                                               {@code TOO_MANY_SESSIONS}
     */
    SessionInfo startAnonymous(String appId, SessionSpec spec);

    /**
     * Ends every GLOBAL session of a user, in every app (logout, "log out everywhere", a deleted user).
     *
     * @param userId the user's id
     * @return how many live sessions were ended
     */
    int endUserSessions(String userId);

    /**
     * Ends every GLOBAL, TOKEN and SHARED session of an app, deleting their data (the app was deleted). SHARED names
     * become free.
     *
     * @param appId the app
     * @return how many live sessions were ended
     */
    int endAppSessions(String appId);

    /**
     * The live sessions of an app, tokens left out.
     *
     * @param appId the app
     * @return a snapshot list, in no particular order
     */
    List<SessionInfo> list(String appId);

    /**
     * A live session of an app by its public id ({@link SessionInfo#sessionId()}), with all its values, read without
     * creating, renewing or changing it. Values of secret names are included: callers that show them must redact them.
     *
     * @param appId     the app
     * @param sessionId the session's public id
     * @return its info (token null) and values, or empty if no live session of that app has that id
     */
    Optional<SessionContents> inspect(String appId, String sessionId);

    /**
     * Ends a live session of an app by its public id, as {@link #end(SessionRef)} does.
     *
     * @param appId     the app
     * @param sessionId the session's public id
     * @return true if it existed
     */
    boolean endById(String appId, String sessionId);

    /**
     * @param observer told from now on, on the thread that did it, after it: of each GLOBAL session this backend
     *                 creates on its user's first use ({@link StoreObserver#started}), and of each session it ends for
     *                 a caller ({@link #end}, {@link #endById}, {@link #endUserSessions}, {@link #endAppSessions}),
     *                 with the session's own scope ({@link StoreObserver#ended}); not of expiries, which
     *                 {@link #usage()} counts. On a shared backend: of what this host's calls did.
     */
    void observe(StoreObserver observer);

    /**
     * Bytes held, as counted against {@link SessionLimits#maxTotalBytes()}: the backend's sessions (of every host,
     * for a shared backend) plus this host's LOCAL bytes in {@link #localBudget()}.
     *
     * @return the total
     */
    long bytesUsed();

    /**
     * The budget this host's LOCAL sessions reserve their bytes in: the same limit as the backend's, with the
     * backend's own bytes counted as held elsewhere.
     *
     * @return the budget, the same instance on every call
     */
    ByteBudget localBudget();

    /**
     * Removes expired sessions and expired DELETE_DATA data now, releasing their bytes. Backends also do this on their
     * own, promptly; tests call it after advancing their clock. Idempotent; several hosts may run it at once.
     */
    void cleanUp();

    /**
     * A reading of what the backend holds, for metrics. Cheap enough for a scrape, not for a request path.
     *
     * @return the usage
     * @throws dev.sessionkit.api.error.ServiceUnavailableException when a shared backend cannot be reached
     */
    StoreUsage usage();

    /**
     * Waits until the backend serves calls: returns at once for a backend that opens when it is created; an embedded
     * store reading its files in the background returns once they are read. Calls made before wait the same way.
     *
     * @throws RuntimeException the failure that kept the backend from opening, as it was thrown
     */
    void awaitOpen();

    /** @return whether the backend can serve requests now, and what it is */
    StoreStatus status();

    /** Releases the backend's resources (threads, connections). Idempotent. */
    @Override
    void close();
}
