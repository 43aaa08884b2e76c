package dev.sessionkit.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.accounts.Accounts;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import java.time.Clock;
import java.util.Optional;

/**
 * What a method sees of the execution it runs in: one flow run, or one direct method call.
 *
 * <p>An execution has its own LOCAL session; the caller's GLOBAL session in the app is reachable only when the
 * request carried a valid JWT. A context is confined to one execution; it may be used from the threads the execution
 * runs on (Parallel branches) but must not be kept after the method returns.
 */
public interface ExecutionContext {

    /** The app the execution belongs to. Never null. @return the app id */
    String appId();

    /** The verified user, or empty when the request carried no JWT. @return the user */
    Optional<UserIdentity> user();

    /**
     * The verified user.
     *
     * @return the user
     * @throws UnauthorizedException code {@code AUTHENTICATION_REQUIRED} when there is none
     */
    default UserIdentity requireUser() {
        return user().orElseThrow(() -> new UnauthorizedException("AUTHENTICATION_REQUIRED",
                "This needs a signed-in user: send 'Authorization: Bearer <token>' from POST /api/auth/login."));
    }

    /** The message flowing through the execution (a direct call's {@code message}); an object, never null. */
    JsonNode message();

    /**
     * The session store, bound to this app: refs of other apps are refused with an
     * {@link IllegalArgumentException}. The host's store also applies its access rules and limits, which a method
     * passes on unchanged: on a direct call, a SHARED session needs a signed-in caller to read it and a builder or
     * admin to change it ({@link UnauthorizedException}, {@link dev.sessionkit.api.error.ForbiddenException}); a
     * caller without a user may be over its quota ({@link dev.sessionkit.api.error.TooManyRequestsException}).
     *
     * @return the store
     */
    SessionStore sessions();

    /** The execution's LOCAL session. @return its ref */
    SessionRef.Local localSession();

    /**
     * The caller's GLOBAL session in this app.
     *
     * @return its ref
     * @throws UnauthorizedException when there is no signed-in user
     */
    SessionRef.Global globalSession();

    /**
     * The host's user accounts and sign-in tokens, bound to this call's caller and client address: sign in, sign up
     * (role {@code user} only), change the caller's own password, sign the caller out. A host service: the rules
     * (throttling, password policy, roles) are the host's, whatever the plugin passes.
     *
     * @return the accounts, for this call only
     */
    Accounts accounts();

    /** The clock the host runs on; use it, not the system clock, so tests can drive time. @return the clock */
    Clock clock();
}
