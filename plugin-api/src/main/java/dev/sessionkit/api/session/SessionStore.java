package dev.sessionkit.api.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where session data lives, as a method sees it: a map of named JSON values per session, with expiry, versions and
 * limits. This is the data API plugins get through {@code ExecutionContext.sessions()}, bound to the execution's app;
 * what only the host does (listing and inspecting sessions, ending a user's or an app's sessions, clean-up, closing)
 * is the host's, not part of this interface.
 *
 * <p>The host's implementations (the embedded in-memory store and the Redis store that several hosts share) all pass
 * one contract suite, {@code SessionStoreContract} in the session-store module's test-jar.
 *
 * <h2>Sessions and their lifetime</h2>
 * <ul>
 *   <li>{@link SessionRef.Local LOCAL} and {@link SessionRef.Global GLOBAL} sessions are created by their first
 *       {@link #get}, {@link #put} or {@link #touch}; {@link #exists} and {@link #info} never create them. A new GLOBAL
 *       session holds {@code username} and {@code roleId} of its user, read-only: a {@link #put} or {@link #delete}
 *       of a GLOBAL session naming one is refused with {@code 400 RESERVED_PARAMETER}
 *       ({@link dev.sessionkit.api.error.InvalidInputException}), and {@link #clear} keeps them. A GLOBAL session expires after
 *       {@link SessionRef.Global#idleTimeout()} without a read or write (sliding on both) and then ends.
 *       LOCAL sessions do not expire by contract; their owner ends them with {@link #end}.</li>
 *   <li>TOKEN and SHARED sessions exist only after {@link #start}. They expire per their {@link SessionSpec}: at
 *       {@code min(lastRenewal + idleTimeout, ttlStart + ttl)}, where a renewal is the start, a {@link #touch}, a
 *       write if {@code extendOnSet}, a read if {@code extendOnGet}, and {@code ttlStart} is the start or the last
 *       touch. With {@link OnExpiry#END_SESSION} the session then ends; with {@link OnExpiry#DELETE_DATA} its data
 *       is deleted and it stays usable (the next write starts a new period).</li>
 *   <li>Expiry is exact: from the instant a session expires, every operation sees it expired, whether or not the
 *       store has removed it yet. Time is read from the implementation's injected clock.</li>
 *   <li>A TOKEN or SHARED session that does not exist, has ended or has expired makes every operation but
 *       {@link #exists} and {@link #info} throw {@link NotFoundException} (code {@code SESSION_NOT_FOUND}).</li>
 * </ul>
 *
 * <h2>Data</h2>
 * Values are JSON trees (Jackson {@link JsonNode}); the store keeps them as JSON and never as Java-serialized
 * objects, so reloading a plugin never makes stored sessions unreadable. Callers must not modify a node after
 * handing it to {@link #put}, nor nodes returned by {@link #get}. Names are non-empty strings.
 *
 * <h2>Versions and atomicity</h2>
 * Each session has a {@code version}, 0 when created, increased by one by every operation that changes its data
 * ({@link #put} that stores at least one value, {@link #update} that changes at least one, {@link #delete} or
 * {@link #clear} that removes at least one, data expiry under DELETE_DATA). Every operation on one session is atomic
 * and linearizable: concurrent writers never lose an update, a failed operation changes nothing, and a {@link #put}
 * of several values, like an {@link #update} of several parameters, is all or nothing.
 *
 * <h2>Limits</h2>
 * {@link SessionLimits}: a write that would exceed one is refused ({@link PayloadTooLargeException} for one value
 * larger than {@code maxValueBytes}, {@link InsufficientStorageException} {@code SESSION_FULL} over
 * {@code maxParametersPerSession}, {@code STORE_FULL} over {@code maxTotalBytes}); nothing already stored is evicted
 * to make room.
 *
 * <h2>Availability</h2>
 * A store kept in a service (Redis) may be unreachable: every operation then fails within about a second with a
 * {@code SessionkitException} of code {@code SESSION_STORE_UNAVAILABLE} (HTTP 503) and changes nothing that the caller
 * can observe later as half done. It never answers from a copy in memory.
 *
 * <h2>Threads and nulls</h2>
 * Implementations are thread-safe. No argument may be null unless its documentation says so
 * ({@link NullPointerException} otherwise).
 */
public interface SessionStore {

    /**
     * Starts a TOKEN session, or a SHARED one when {@code spec.name()} is set.
     *
     * @param appId the app
     * @param spec  its expiry behaviour and optional name
     * @return its info, with {@link SessionInfo#token()} set: an unguessable token (at least 128 random bits)
     * @throws ConflictException code {@code SESSION_NAME_TAKEN} if a live SHARED session of that name exists
     */
    SessionInfo start(String appId, SessionSpec spec);

    /**
     * The info, including the token, of a live SHARED session.
     *
     * @param appId the app
     * @param name  the session's name
     * @return its info with {@link SessionInfo#token()} set
     * @throws NotFoundException code {@code SESSION_NOT_FOUND} if there is none
     */
    SessionInfo openShared(String appId, String name);

    /**
     * Whether the session exists and has not expired. Creates nothing, renews nothing, never throws for an absent
     * session. Under DELETE_DATA a session whose data expired still exists.
     *
     * @param ref the session
     * @return true if it exists
     */
    boolean exists(SessionRef ref);

    /**
     * What is known about the session, without creating or renewing it. {@link SessionInfo#token()} is null.
     *
     * @param ref the session
     * @return its info, or empty if it does not exist
     */
    Optional<SessionInfo> info(SessionRef ref);

    /**
     * Reads values. Renews the session if its spec says {@code extendOnGet} (always for GLOBAL).
     *
     * @param ref   the session (LOCAL and GLOBAL are created if absent)
     * @param names the names to read, or null for all; absent names are left out of the result
     * @return the values by name, in the order of {@code names} (for all: the order they were first stored);
     *         unmodifiable
     * @throws NotFoundException for a missing TOKEN or SHARED session
     */
    Map<String, JsonNode> get(SessionRef ref, Collection<String> names);

    /**
     * Reads values with their secret marks and the session's version, as one atomic operation: what {@link #get}
     * does, plus what a method needs to hide secret values, without a second call that could see another version.
     *
     * @param ref   the session (LOCAL and GLOBAL are created if absent)
     * @param names the names to read, or null for all; absent names are left out of the result
     * @return the values (as {@link #get} answers them), the names among them marked secret, and the version
     * @throws NotFoundException for a missing TOKEN or SHARED session
     */
    ReadResult read(SessionRef ref, Collection<String> names);

    /**
     * Writes values atomically (all or nothing). Renews the session if {@code extendOnSet} (always for GLOBAL).
     *
     * @param ref     the session (LOCAL and GLOBAL are created if absent)
     * @param values  names to values, at least one; JSON null is a value like any other
     * @param options set-if-absent, compare-and-set, secret marks
     * @return what was stored, what was kept, the new version
     * @throws NotFoundException             for a missing TOKEN or SHARED session
     * @throws ConflictException             code {@code VERSION_CONFLICT} when {@code expectedVersion} differs
     *                                       from the session's version (details: {@code expected}, {@code actual})
     * @throws PayloadTooLargeException      code {@code VALUE_TOO_LARGE} (details: {@code parameter},
     *                                       {@code bytes}, {@code limit})
     * @throws InsufficientStorageException  code {@code SESSION_FULL} or {@code STORE_FULL}
     */
    PutResult put(SessionRef ref, Map<String, JsonNode> values, PutOptions options);

    /**
     * Changes parameters where they are stored, atomically: the updates are applied in order, each to the result of
     * the ones before, and either all of them are or none is (a failure changes nothing), with one version bump. So
     * concurrent callers appending to one list, or adding to one number, never lose an update and need no retry.
     * Renews the session as {@link #put} does (if {@code extendOnSet}; always for GLOBAL).
     *
     * <p>What each update does, and to which stored types, is in {@link ParameterUpdate}. An update that finds
     * nothing to change (a {@link ParameterUpdate.Remove} of values the list does not hold, an
     * {@link ParameterUpdate.Unset} of an absent field) changes nothing; when no update changes anything the version
     * stays. The other updates always count as a change, as a {@link #put} of the same value does. Secret marks stay
     * as they are; a parameter an update creates is not secret.
     *
     * @param ref             the session (LOCAL and GLOBAL are created if absent)
     * @param updates         the updates, at least one
     * @param expectedVersion compare-and-set: apply only if the session's version equals this; null for no check
     * @return the new values of the parameters named, and the version after the update
     * @throws NotFoundException             for a missing TOKEN or SHARED session
     * @throws ConflictException             code {@code VERSION_CONFLICT} when {@code expectedVersion} differs
     *                                       from the session's version (details: {@code expected}, {@code actual})
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code WRONG_PARAMETER_TYPE} when a parameter (or
     *                                       an object along a path) holds another type than the update needs
     *                                       (details: {@code parameter}, {@code path}, {@code expected},
     *                                       {@code actual}); {@code INTEGER_OVERFLOW} when an INTEGER sum leaves 64
     *                                       bits, or the parameter holds a whole number outside them;
     *                                       {@code NUMBER_TOO_LONG} when a NUMBER sum would exceed
     *                                       {@link dev.sessionkit.api.data.JsonNumbers#MAX_LENGTH} characters;
     *                                       {@code VALUE_TOO_DEEP}, {@code VALUE_NOT_JSON} for a given value that
     *                                       could not be stored; {@code NO_PARAMETERS} for no updates
     * @throws PayloadTooLargeException      code {@code VALUE_TOO_LARGE} when a parameter would grow past
     *                                       {@code maxValueBytes} (details: {@code parameter}, {@code bytes},
     *                                       {@code limit})
     * @throws InsufficientStorageException  code {@code SESSION_FULL} or {@code STORE_FULL}
     */
    UpdateResult update(SessionRef ref, List<ParameterUpdate> updates, Long expectedVersion);

    /**
     * Removes values by name.
     *
     * @param ref   the session
     * @param names the names to remove; absent ones are ignored
     * @return how many were removed
     * @throws NotFoundException for a missing TOKEN or SHARED session
     */
    int delete(SessionRef ref, Collection<String> names);

    /**
     * Removes all values but keeps the session. A GLOBAL session keeps {@code username} and {@code roleId}, which
     * are not counted as removed.
     *
     * @param ref the session
     * @return how many were removed
     * @throws NotFoundException for a missing TOKEN or SHARED session
     */
    int clear(SessionRef ref);

    /**
     * Ends the session, deleting it and its data. A SHARED session's name becomes free.
     *
     * @param ref the session
     * @return true if it existed
     */
    boolean end(SessionRef ref);

    /**
     * Renews the session: the idle timer restarts and the TTL counts again from now.
     *
     * @param ref the session (LOCAL and GLOBAL are created if absent)
     * @return its info after the renewal
     * @throws NotFoundException for a missing TOKEN or SHARED session
     */
    SessionInfo touch(SessionRef ref);
}
