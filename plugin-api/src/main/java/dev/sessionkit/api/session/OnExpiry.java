package dev.sessionkit.api.session;

/** What happens when a TOKEN or SHARED session's TTL or idle timeout passes. */
public enum OnExpiry {
    /** The session ends: it and all its data are deleted; its token no longer addresses anything. */
    END_SESSION,
    /**
     * The data is deleted but the session stays usable under the same token; the next write starts a new expiry
     * period (TTL and idle timeout count again from that write).
     */
    DELETE_DATA
}
