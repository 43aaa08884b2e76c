package dev.sessionkit.host.health;

import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.StoreStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session store's readiness: up when it answers and accepts writes. Reading its usage is a round trip to Redis
 * for the store on Redis (so an unreachable Redis is down at once), and an in-memory read for the embedded store,
 * whose status is down while it cannot write its sessions to disk ({@code SESSION_DISK_FULL},
 * {@code SESSION_STORE_NOT_WRITABLE}: the durable part of the session store).
 *
 * <p>Details: {@code kind} ({@code memory}, {@code redis}, {@code redis-cluster}), {@code persistence} (embedded
 * store: {@code none}, {@code everysec}, {@code always}), {@code bytesUsed} and {@code liveSessions} when up.
 */
public final class SessionStoreCheck implements HealthCheck {
    private final HostSessionStore store;

    /** @param store the host's session store */
    public SessionStoreCheck(HostSessionStore store) {
        this.store = store;
    }

    @Override
    public ComponentHealth check() {
        StoreStatus status = store.status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", status.kind());
        if (status.persistence() != null) details.put("persistence", status.persistence());
        if (!status.up()) return ComponentHealth.down(status.problem(), details);
        try {
            var usage = store.usage();
            details.put("bytesUsed", usage.bytes());
            details.put("liveSessions", usage.globalCount() + usage.tokenCount() + usage.sharedCount());
            return ComponentHealth.up(details);
        } catch (ServiceUnavailableException e) {
            return ComponentHealth.down(e.getMessage(), details);
        }
    }
}
