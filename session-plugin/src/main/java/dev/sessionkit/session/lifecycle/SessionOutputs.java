package dev.sessionkit.session.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.session.support.Json;
import java.util.List;
import java.util.Map;

/**
 * The outputs the lifecycle methods build from a {@link SessionInfo}. Instants are ISO-8601 strings in UTC, durations
 * whole seconds rounded up; a session that never expires by time has {@code expiresAt} and
 * {@code remainingSeconds} null. Only {@link #token} ever shows a token. Stateless and thread-safe.
 */
final class SessionOutputs {
    private SessionOutputs() {
    }

    /**
     * The answer of Start Session and Open Shared Session: output {@code {"token", "expiresAt"}}, meta
     * {@code {"sessionId", "shared", "secret": ["token"]}} (the token is a secret: the host hides it in traces and
     * in the execution history, and marks a variable that keeps this output secret).
     *
     * @param info the info returned by the store, with its token
     * @return the result
     */
    static MethodResult token(SessionInfo info) {
        ObjectNode output = Json.NODES.objectNode().put("token", info.token());
        output.set("expiresAt", Json.instant(info.expiresAt()));
        return MethodResult.of(output, Map.of("sessionId", info.sessionId(), "shared", info.shared(),
                "secret", List.of("token")));
    }

    /**
     * {@code {"expiresAt", "remainingSeconds"}}.
     *
     * @param info the info
     * @return a new object
     */
    static ObjectNode expiry(SessionInfo info) {
        ObjectNode output = Json.NODES.objectNode();
        output.set("expiresAt", Json.instant(info.expiresAt()));
        output.set("remainingSeconds", Json.seconds(info.remaining()));
        return output;
    }

    /**
     * Everything Session Info shows: {@code sessionId, scope, shared, keyCount, createdAt, expiresAt,
     * remainingSeconds, version, bytes}. Never the token.
     *
     * @param info the info
     * @return a new object
     */
    static ObjectNode info(SessionInfo info) {
        ObjectNode output = Json.NODES.objectNode()
                .put("sessionId", info.sessionId())
                .put("scope", info.scope().name())
                .put("shared", info.shared())
                .put("keyCount", info.keyCount());
        output.set("createdAt", Json.instant(info.createdAt()));
        output.setAll(expiry(info));
        output.set("version", Json.integer(info.version()));
        output.set("bytes", Json.integer(info.bytes()));
        return output;
    }
}
