package dev.sessionkit.session.manage;

/** What a Session Management step does with the fields it names. */
public enum ManageOperation {
    /** Copies the stored fields into the outgoing message at their paths. */
    GET_DATA,
    /** Stores the named fields of the incoming message, each under its path. */
    PUT_DATA,
    /** Removes the named fields from the session. */
    DELETE_DATA,
    /** Appends each named field of the incoming message to the list stored under its path, in one atomic update. */
    APPEND_DATA
}
