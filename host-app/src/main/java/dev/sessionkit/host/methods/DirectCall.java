package dev.sessionkit.host.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.host.auth.Caller;
import dev.sessionkit.host.expression.RequestView;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One direct method call: {@code POST /api/apps/{appId}/methods/{methodId}}.
 *
 * @param appId    the app
 * @param methodId the method
 * @param user     the signed-in caller, or empty
 * @param token    the request's verified token (the same caller), or empty: what a sign-out revokes
 * @param inputs   the inputs as sent (EXPRESSION values not yet evaluated); may be null
 * @param message  the message, a JSON object
 * @param request  what expressions may read of the HTTP request, asked for only when an expression reads
 *                 {@code request.*}
 * @param clientAddress the client's address (the key of the quota on anonymous callers)
 */
public record DirectCall(String appId, String methodId, Optional<UserIdentity> user, Optional<Caller> token,
                         JsonNode inputs,
                         ObjectNode message, Supplier<RequestView> request, String clientAddress) {
    /** Checks the components. */
    public DirectCall {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(methodId, "methodId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }
}
