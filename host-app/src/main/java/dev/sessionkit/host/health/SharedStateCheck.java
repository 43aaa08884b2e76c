package dev.sessionkit.host.health;

import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.host.cluster.SharedState;
import java.util.Map;

/**
 * Cluster mode only: the Redis that holds the host's shared state (accounts, apps, revocations, rate limits) answers
 * a {@code PING} within the connection's one-second timeout. Without it a host cannot sign anyone in or save an app,
 * so it is not ready, even when its session store (possibly on another Redis URL's connection) is.
 */
public final class SharedStateCheck implements HealthCheck {
    private final SharedState shared;

    /** @param shared the connection to the shared state */
    public SharedStateCheck(SharedState shared) {
        this.shared = shared;
    }

    @Override
    public ComponentHealth check() {
        try {
            String pong = shared.call("The shared state", commands -> commands.ping());
            return ComponentHealth.up(Map.of("ping", pong));
        } catch (ServiceUnavailableException e) {
            return ComponentHealth.down(e.getMessage(), Map.of());
        }
    }
}
