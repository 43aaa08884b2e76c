package dev.sessionkit.session.manage;

/** The sessions a Session Management step can use: the execution's own, or the signed-in user's. */
public enum ManagedSessionType {
    /** The execution's LOCAL session. */
    LOCAL,
    /** The signed-in user's GLOBAL session in this app; needs a JWT. */
    GLOBAL
}
