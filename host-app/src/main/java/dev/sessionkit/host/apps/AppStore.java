package dev.sessionkit.host.apps;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where app definitions are kept: one file per app in the data directory ({@link AppRepository}, one host) or Redis
 * ({@link RedisAppStore}, every host of a cluster). Both pass {@code AppStoreContract}.
 *
 * <p>Each app has a version, 1 when created, raised by one on every update; an update names the version it read and
 * is refused ({@code 409 VERSION_CONFLICT}) when the app changed since, whichever host served the read. A change is
 * visible to every host's next request when the call returns. A failed change changes nothing.
 *
 * <p>Thread-safe. No argument may be null unless its documentation says so. A store kept in Redis throws
 * {@link dev.sessionkit.api.error.ServiceUnavailableException} {@code SHARED_STATE_UNAVAILABLE} while Redis cannot be
 * reached.
 */
public interface AppStore {

    /** @return every app, by id */
    List<App> all();

    /** @param id an app id @return the app, or empty */
    Optional<App> find(String id);

    /**
     * @param id an app id
     * @return the app
     * @throws NotFoundException code {@code APP_NOT_FOUND}
     */
    default App require(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Creates an app at version 1.
     *
     * @param id                        the app id
     * @param name                      the display name
     * @param sessionIdleTimeoutSeconds the GLOBAL idle timeout, or null for the host's default
     * @param flows                     the flows, or null for none
     * @return the app
     * @throws dev.sessionkit.api.error.InvalidInputException for an invalid id, name, timeout or flows
     * @throws ConflictException code {@code APP_EXISTS}
     */
    App create(String id, String name, Long sessionIdleTimeoutSeconds, ArrayNode flows);

    /**
     * Replaces an app's definition, as a new version, when the caller read the current one.
     *
     * @param id                        the app id
     * @param expectedVersion           the version the caller read
     * @param name                      the new display name
     * @param sessionIdleTimeoutSeconds the new GLOBAL idle timeout, or null for the host's default
     * @param flows                     the new flows (validated by the caller)
     * @return the new version
     * @throws NotFoundException code {@code APP_NOT_FOUND}
     * @throws ConflictException code {@code VERSION_CONFLICT} (details {@code expected}, {@code actual})
     */
    default App update(String id, long expectedVersion, String name, Long sessionIdleTimeoutSeconds, ArrayNode flows) {
        return update(id, expectedVersion, name, sessionIdleTimeoutSeconds, current -> flows);
    }

    /**
     * Replaces an app's definition as {@link #update(String, long, String, Long, ArrayNode)} does, with flows made
     * from the current version once it is known to be the one the caller read: a save that keeps secret values the
     * caller never saw takes them from that version.
     *
     * @param id                        the app id
     * @param expectedVersion           the version the caller read
     * @param name                      the new display name
     * @param sessionIdleTimeoutSeconds the new GLOBAL idle timeout, or null for the host's default
     * @param flowsFrom                 makes the new flows from the current version; its exceptions propagate and
     *                                  nothing is written
     * @return the new version
     * @throws NotFoundException code {@code APP_NOT_FOUND}
     * @throws ConflictException code {@code VERSION_CONFLICT}
     */
    App update(String id, long expectedVersion, String name, Long sessionIdleTimeoutSeconds,
               Function<App, ArrayNode> flowsFrom);

    /**
     * Deletes an app.
     *
     * @param id the app id
     * @return the deleted app
     * @throws NotFoundException code {@code APP_NOT_FOUND}
     */
    App delete(String id);

    /** @param id an app id that does not exist @return the failure saying so */
    static NotFoundException notFound(String id) {
        return new NotFoundException("APP_NOT_FOUND", "There is no app '" + id
                + "'. GET /api/apps lists the apps; POST /api/apps creates one.", Map.of("appId", id));
    }

    /**
     * @param id       the app id
     * @param expected the version the caller read
     * @param actual   the app's version
     * @return the conflict answer
     */
    static ConflictException versionConflict(String id, long expected, long actual) {
        return new ConflictException("VERSION_CONFLICT", "App '" + id + "' is at version " + actual
                + ", not " + expected + ": someone saved it after you read it. GET it again, redo "
                + "your change, and save with the version you read.",
                Map.of("appId", id, "expected", expected, "actual", actual));
    }

    /** @param id the app id @return the conflict answer for a taken id */
    static ConflictException exists(String id) {
        return new ConflictException("APP_EXISTS", "An app with id '" + id + "' exists already. Choose "
                + "another id, or delete that app first.", Map.of("appId", id));
    }
}
