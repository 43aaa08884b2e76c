package dev.sessionkit.api.session;

/**
 * Which session a data method addresses.
 *
 * <ul>
 *   <li>{@link #LOCAL}: the current execution's session (one flow run or one direct method call); gone when it ends.</li>
 *   <li>{@link #GLOBAL}: the signed-in user's session in this app, keyed by the verified JWT subject; lives across
 *       executions until logout or idle expiry. Needs a signed-in user (401 otherwise).</li>
 *   <li>{@link #SHARED}: a named session of the app, the same for every caller naming it.</li>
 *   <li>{@link #TOKEN}: a session created by Start Session, addressed by the unguessable token it returned.</li>
 * </ul>
 */
public enum Scope {
    LOCAL, GLOBAL, SHARED, TOKEN
}
