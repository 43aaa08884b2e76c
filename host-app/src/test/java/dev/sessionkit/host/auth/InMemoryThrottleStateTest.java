package dev.sessionkit.host.auth;

import java.time.Duration;

/** The {@link ThrottleState} contract in one host's memory. */
class InMemoryThrottleStateTest extends ThrottleStateContract {
    @Override
    protected ThrottleState newState() {
        return new InMemoryThrottleState(clock, Duration.ofMinutes(3), REMEMBER, InMemoryThrottleState.DEFAULT_MAX_ENTRIES);
    }
}
