package dev.sessionkit.host.users;

import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * Where user accounts are kept: a file in the data directory ({@link UserRepository}, one host) or Redis
 * ({@link RedisUserStore}, every host of a cluster). Both pass {@code UserStoreContract}.
 *
 * <p>Invariants, kept atomically however many hosts write: usernames are unique ignoring case; the last admin cannot
 * be removed. A change is visible to the host that made it when the call returns, and to every other host of a
 * cluster within a second. A failed change changes nothing. Reads never block on writes.
 *
 * <p>Thread-safe. No argument may be null. A store kept in Redis throws
 * {@link dev.sessionkit.api.error.ServiceUnavailableException} {@code SHARED_STATE_UNAVAILABLE} from changes while Redis
 * cannot be reached; reads then answer from the last snapshot.
 */
public interface UserStore {

    /** @return whether there is no account at all (a first start) */
    boolean isEmpty();

    /** @return every account, by username ignoring case */
    List<User> all();

    /** @param id a user id @return the account, or empty */
    Optional<User> byId(String id);

    /** @param username a username, any case @return the account, or empty */
    Optional<User> byUsername(String username);

    /**
     * Adds an account.
     *
     * @param user the new account
     * @throws ConflictException code {@code USERNAME_TAKEN} when the username (ignoring case) exists
     */
    void add(User user);

    /**
     * Adds an account only when there is none at all: the first admin, created once even when several hosts of a
     * cluster start at the same moment.
     *
     * @param user the first account
     * @return whether it was added (false: an account exists, perhaps added by another host just now)
     */
    boolean addFirst(User user);

    /**
     * Replaces an account's password hash, only if it is still the one the caller checked the old password against:
     * of two concurrent changes from the same old password, one wins.
     *
     * @param id           the user id
     * @param expectedHash the hash the current password was checked against
     * @param newHash      the new hash
     * @return the account with its new hash
     * @throws NotFoundException code {@code USER_NOT_FOUND}
     * @throws ConflictException code {@code PASSWORD_CHANGED} when the hash is no longer {@code expectedHash}
     */
    User replacePasswordHash(String id, String expectedHash, String newHash);

    /**
     * Removes an account.
     *
     * @param id the user id
     * @return the removed account
     * @throws NotFoundException code {@code USER_NOT_FOUND}
     * @throws ConflictException code {@code LAST_ADMIN} when it is the only admin
     */
    User remove(String id);
}
