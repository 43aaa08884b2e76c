package dev.sessionkit.api.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What is known about one session at one instant. Immutable.
 *
 * @param sessionId     a stable public id for admin views, never the token ({@code global:<userId>},
 *                      {@code token:<hash prefix>}, {@code local:<executionId>})
 * @param appId         the app
 * @param scope         LOCAL, GLOBAL, TOKEN or SHARED
 * @param name          the SHARED session's name, else null
 * @param token         the token; set only in the answers of {@code start} and {@code openShared}, null elsewhere
 * @param ownerUserId   the GLOBAL session's user id, else null
 * @param keyCount      how many parameters it holds
 * @param bytes         the size of its values as JSON, in bytes
 * @param version       increases by one on every change of its data; starts at 0
 * @param createdAt     when it was created
 * @param expiresAt     when it expires if nothing happens, or null if it never expires by time
 * @param remaining     time left until {@code expiresAt}, or null
 * @param spec          how it expires (for GLOBAL: idle timeout, sliding on reads and writes)
 * @param secretNames   names of the parameters marked secret (their values are redacted in views)
 */
public record SessionInfo(String sessionId, String appId, Scope scope, String name, String token, String ownerUserId,
                          int keyCount, long bytes, long version, Instant createdAt, Instant expiresAt,
                          Duration remaining, SessionSpec spec, Set<String> secretNames) {

    /** Copies the set. */
    public SessionInfo {
        secretNames = Set.copyOf(secretNames == null ? Set.of() : secretNames);
    }

    /** Whether this is a SHARED session. @return true for SHARED */
    public boolean shared() {
        return scope == Scope.SHARED;
    }
}
