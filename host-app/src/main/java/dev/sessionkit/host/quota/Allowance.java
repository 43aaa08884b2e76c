package dev.sessionkit.host.quota;

/** What the quota on anonymous callers counts, per client address and per minute. */
public enum Allowance {
    /** TOKEN and SHARED sessions started (one each). */
    SESSIONS_STARTED("sessionsStarted", "sessions started"),
    /** Bytes written to TOKEN and SHARED sessions (each parameter's name plus its value as JSON). */
    BYTES_WRITTEN("bytesWritten", "bytes written to sessions");

    private final String id;
    private final String description;

    Allowance(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** @return the id in error details, such as {@code sessionsStarted} */
    public String id() {
        return id;
    }

    /** @return what is counted, in words */
    public String description() {
        return description;
    }
}
