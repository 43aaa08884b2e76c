package dev.sessionkit.api.accounts;

import dev.sessionkit.api.UserIdentity;
import java.util.Objects;

/**
 * What a sign-out did.
 *
 * @param user          who signed out
 * @param tokenRevoked  whether the call's token was revoked: false only for a call that has a user and no token of
 *                      its own (a flow run from the editor's test panel as a chosen user)
 * @param sessionsEnded how many GLOBAL sessions of the user ended, in every app
 */
public record SignedOut(UserIdentity user, boolean tokenRevoked, int sessionsEnded) {
    /** Checks the components. */
    public SignedOut {
        Objects.requireNonNull(user, "user");
        if (sessionsEnded < 0) throw new IllegalArgumentException("sessionsEnded must not be negative");
    }
}
