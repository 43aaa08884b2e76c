package dev.sessionkit.store;

/**
 * The cache key of one session: its app, its kind and its id within the kind (the execution id, the user id or the
 * token). SHARED sessions are TOKEN sessions with a name, keyed by their token. Immutable.
 *
 * <p>{@link #toString()} shows the {@link #publicId() public id}, never a token.
 *
 * @param appId the app
 * @param kind  LOCAL, GLOBAL or TOKEN
 * @param id    the execution id, user id or token
 */
record SessionKey(String appId, Kind kind, String id) {

    /** What the id is. */
    enum Kind {
        /** An execution's session, keyed by the execution id. */
        LOCAL,
        /** A user's session in an app, keyed by the user id. */
        GLOBAL,
        /** A TOKEN or SHARED session, keyed by its token. */
        TOKEN
    }

    /**
     * Written out rather than left to the record: a record's generated {@code hashCode} goes through a method-handle
     * chain and the enum's identity hash, and every store operation hashes a key (ending an execution's LOCAL
     * session hashes a key whose id is a fresh 36-character string).
     */
    @Override
    public int hashCode() {
        return (31 * appId.hashCode() + kind.ordinal()) * 31 + id.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionKey key && kind == key.kind && id.equals(key.id) && appId.equals(key.appId);
    }

    /** The stable public id used in views and logs: {@code local:<executionId>}, {@code global:<userId>},
     *  {@code token:<first 16 hex digits of SHA-256(token)>}. @return the id */
    String publicId() {
        return switch (kind) {
            case LOCAL -> "local:" + id;
            case GLOBAL -> "global:" + id;
            case TOKEN -> "token:" + SessionTokens.publicId(id);
        };
    }

    @Override
    public String toString() {
        return "SessionKey[appId=" + appId + ", " + publicId() + "]";
    }
}
