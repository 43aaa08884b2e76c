package dev.sessionkit.api.session;

import dev.sessionkit.api.UserIdentity;
import java.time.Duration;
import java.util.Objects;

/**
 * The address of one session in one app. Immutable value; equal refs address the same session.
 *
 * <p>{@code toString()} never shows a token, so refs can be logged.
 */
public sealed interface SessionRef permits SessionRef.Local, SessionRef.Global, SessionRef.Token, SessionRef.Shared {

    /** The app the session belongs to. Never null. */
    String appId();

    /** The kind of session. Never null. */
    Scope scope();

    /**
     * The LOCAL session of one execution.
     *
     * @param appId       the app
     * @param executionId the execution, unique per flow run or direct call
     */
    record Local(String appId, String executionId) implements SessionRef {
        /** Checks the components. */
        public Local {
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(executionId, "executionId");
        }

        @Override
        public Scope scope() {
            return Scope.LOCAL;
        }
    }

    /**
     * The GLOBAL session of a signed-in user in an app. The store creates it on first use (read, write or touch),
     * holding {@code username} and {@code roleId}, with sliding idle expiry.
     *
     * @param appId       the app
     * @param user        the verified user; the key is {@link UserIdentity#id()}
     * @param idleTimeout the app's idle timeout for GLOBAL sessions, positive
     */
    record Global(String appId, UserIdentity user, Duration idleTimeout) implements SessionRef {
        /** Checks the components. */
        public Global {
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive");
            }
        }

        @Override
        public Scope scope() {
            return Scope.GLOBAL;
        }

        /** Equality ignores the username, role and timeout: one user has one GLOBAL session per app. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Global g && g.appId.equals(appId) && g.user.id().equals(user.id());
        }

        @Override
        public int hashCode() {
            return Objects.hash(appId, user.id());
        }
    }

    /**
     * A TOKEN (or SHARED) session addressed by its token.
     *
     * @param appId the app
     * @param token the token returned by {@link SessionStore#start}
     */
    record Token(String appId, String token) implements SessionRef {
        /** Checks the components. */
        public Token {
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public Scope scope() {
            return Scope.TOKEN;
        }

        @Override
        public String toString() {
            return "Token[appId=" + appId + ", token=***]";
        }
    }

    /**
     * A SHARED session addressed by its name.
     *
     * @param appId the app
     * @param name  the session's name, unique in the app
     */
    record Shared(String appId, String name) implements SessionRef {
        /** Checks the components. */
        public Shared {
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Scope scope() {
            return Scope.SHARED;
        }
    }
}
