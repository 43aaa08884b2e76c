package dev.sessionkit.host.health;

/**
 * One component of the host's readiness ({@code GET /health/ready}): the session store, Redis in cluster mode, the
 * plugins, the data directory.
 *
 * <p>Contract: {@link #check()} answers within about a second (a check that waits on Redis uses the connection's
 * one-second timeout), never throws (a failure is a {@link ComponentHealth#down down} component with its problem),
 * and is safe to call from several request threads at once. A check may keep its last answer for up to a second, so
 * that probes from many load balancers cost one check a second.
 */
@FunctionalInterface
public interface HealthCheck {
    /** @return what the check finds now */
    ComponentHealth check();
}
