package dev.sessionkit.host.methods;

import dev.sessionkit.api.UserIdentity;
import java.util.Objects;
import java.util.Optional;

/**
 * Who reaches the sessions of an app through an {@link AppSessionStore}, and how: what the view needs to apply the
 * rules on SHARED sessions (direct calls only) and on anonymous callers (their sessions' limits and their quota).
 *
 * @param user          the verified caller, or empty for a caller without a JWT
 * @param directCall    true for {@code POST /api/apps/{appId}/methods/{methodId}}; false for a step of a flow, whose
 *                      steps (written by the app's builder) decide what a caller may do
 * @param clientAddress the client's address, as {@link dev.sessionkit.host.http.ClientAddress} resolved it: the
 *                      key of the quota on anonymous callers
 */
public record SessionCaller(Optional<UserIdentity> user, boolean directCall, String clientAddress) {
    /** Checks the components. */
    public SessionCaller {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** @return whether the caller has no signed-in user */
    public boolean anonymous() {
        return user.isEmpty();
    }
}
