package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.host.apps.App;
import dev.sessionkit.host.auth.Caller;
import dev.sessionkit.host.expression.RequestView;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to run a flow.
 *
 * @param app             the app (its GLOBAL idle timeout applies)
 * @param flow            the flow, one of the app's
 * @param user            the verified caller (or the test user), or empty
 * @param token           the trigger request's verified token, or empty (none, or a test run from the editor,
 *                        whose token is the editor's): what a Sign Out step revokes
 * @param runBy           the id of the signed-in user who started the execution (the trigger's caller, or whoever
 *                        asked for a test run, also when it runs as another user), or null when anonymous: a builder
 *                        sees the contents of the executions they ran, and only a summary of the others
 * @param message         the incoming message, a JSON object owned by the execution from now on
 * @param request         what expressions may read of the HTTP request
 * @param testRun         whether this is a test run from the editor: the result then keeps the LOCAL and GLOBAL
 *                        session contents at the end
 * @param clientAddress   the client's address (the key of the quota on anonymous callers)
 */
public record FlowRequest(App app, Flow flow, Optional<UserIdentity> user, Optional<Caller> token,
                          String runBy, ObjectNode message,
                          RequestView request, boolean testRun, String clientAddress) {
    /** Checks the components. */
    public FlowRequest {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }
}
