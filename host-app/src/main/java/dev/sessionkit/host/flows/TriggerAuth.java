package dev.sessionkit.host.flows;

/** Whether a REST trigger needs a signed-in caller. */
public enum TriggerAuth {
    /** A valid JWT is required (401 without one); the flow can reach the caller's GLOBAL session. */
    JWT,
    /** Anyone may call; a JWT sent anyway is still verified and then gives the flow the caller's GLOBAL session. */
    NONE
}
