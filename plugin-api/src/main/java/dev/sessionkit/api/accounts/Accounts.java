package dev.sessionkit.api.accounts;

import dev.sessionkit.api.UserIdentity;

/**
 * The host's user accounts and sign-in tokens, as the caller of one method call may use them: a host service, handed
 * to a method by {@link dev.sessionkit.api.ExecutionContext#accounts()}, bound to that call's caller (the signed-in
 * user and their token, or nobody) and client address. The host implements it over the same accounts, tokens,
 * throttle and sessions as {@code POST /api/auth/login} and {@code /logout}, on a single host's files or, in a
 * cluster, in Redis: an account created through one host signs in through every other at once.
 *
 * <p>The rules are the host's and no argument can widen them: accounts created here always have the role
 * {@code user}; sign-ins are throttled per client address and username like the host's sign-in; passwords follow the
 * host's password policy; a user changes only their own password, with the current one.
 *
 * <p><b>Contract</b> (checked for every implementation by {@code AccountsContract} in the test kit):
 * <ul>
 *   <li>No argument may be null ({@link NullPointerException}); every other refusal is a
 *       {@link dev.sessionkit.api.error.SessionkitException} with a stable code, which the host answers with its
 *       status. A refused call changes nothing, except that a failed or refused sign-in, sign-up or password check
 *       counts against the caller's throttle budgets.</li>
 *   <li>Usernames are 1 to 64 characters (letters, digits and {@code . _ @ -}, starting with a letter or digit) and
 *       unique ignoring case; they are matched ignoring case.</li>
 *   <li>Passwords and tokens are never logged, never part of an error's message or details.</li>
 *   <li>Thread-safe: one instance may be used by the threads of one execution (Parallel branches). An instance must
 *       not be kept after the call returns: it acts for that call's caller.</li>
 *   <li>Time is the host's clock ({@link dev.sessionkit.api.ExecutionContext#clock()}): token expiry and throttle
 *       refills follow it.</li>
 * </ul>
 * In a cluster, while Redis cannot be reached, every method throws
 * {@link dev.sessionkit.api.error.ServiceUnavailableException} {@code SHARED_STATE_UNAVAILABLE} (503) and nothing is
 * let through uncounted.
 */
public interface Accounts {

    /**
     * Signs in with a username and password and issues a token, exactly as {@code POST /api/auth/login}.
     *
     * @param username the username, any case
     * @param password the password
     * @return the token, its expiry and the user
     * @throws dev.sessionkit.api.error.UnauthorizedException     code {@code INVALID_CREDENTIALS} (401), the same
     *                                                            for an unknown user and a wrong password, taking the
     *                                                            same time; its message says nothing more
     * @throws dev.sessionkit.api.error.TooManyRequestsException  code {@code TOO_MANY_SIGN_IN_ATTEMPTS} (429, with
     *                                                            the wait) after too many failures for this username
     *                                                            or from this address, before the password is checked
     */
    SignedIn signIn(String username, String password);

    /**
     * Creates an account with the role {@code user} (never another: there is no way to ask for more). Every attempt
     * counts against the caller's address's sign-up budget, before anything is checked.
     *
     * @param username the new username
     * @param password its password, checked against the host's password policy
     * @return the new user (role {@code user}); sign in to get a token
     * @throws dev.sessionkit.api.error.InvalidInputException    code {@code INVALID_USERNAME}, or a password policy
     *                                                           code: {@code PASSWORD_TOO_SHORT},
     *                                                           {@code PASSWORD_TOO_LONG}, {@code PASSWORD_BLANK}
     *                                                           (400)
     * @throws dev.sessionkit.api.error.ConflictException        code {@code USERNAME_TAKEN} (409) when the username
     *                                                           exists, ignoring case
     * @throws dev.sessionkit.api.error.TooManyRequestsException code {@code TOO_MANY_SIGN_UPS} (429, with the wait)
     *                                                           after too many sign-ups from this address
     */
    UserIdentity signUp(String username, String password);

    /**
     * Changes the caller's own password. The current password is checked like a sign-in (same throttle, same
     * {@code INVALID_CREDENTIALS}); tokens issued before stay valid until they expire or are revoked.
     *
     * @param currentPassword the caller's current password
     * @param newPassword     the new one, checked against the host's password policy
     * @return the caller
     * @throws dev.sessionkit.api.error.UnauthorizedException    code {@code AUTHENTICATION_REQUIRED} (401) when the
     *                                                           call has no signed-in user; {@code INVALID_CREDENTIALS}
     *                                                           when the current password is wrong
     * @throws dev.sessionkit.api.error.InvalidInputException    a password policy code (400), checked first: such a
     *                                                           call counts against no budget
     * @throws dev.sessionkit.api.error.ConflictException        code {@code PASSWORD_CHANGED} (409) when another call
     *                                                           changed the password meanwhile
     * @throws dev.sessionkit.api.error.TooManyRequestsException code {@code TOO_MANY_SIGN_IN_ATTEMPTS} (429)
     */
    UserIdentity changePassword(String currentPassword, String newPassword);

    /**
     * Signs the caller out, exactly as {@code POST /api/auth/logout}: revokes the call's token until it expires (a
     * later request with it is a 401 {@code TOKEN_REVOKED}) and ends the caller's GLOBAL sessions in every app.
     *
     * @return what was done
     * @throws dev.sessionkit.api.error.UnauthorizedException code {@code AUTHENTICATION_REQUIRED} (401) when the call
     *                                                        has no signed-in user
     */
    SignedOut signOut();
}
