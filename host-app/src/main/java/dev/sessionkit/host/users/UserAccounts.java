package dev.sessionkit.host.users;

import dev.sessionkit.api.error.InvalidInputException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Creating, checking and deleting user accounts: the rules for usernames and passwords on top of the
 * {@link UserStore}.
 *
 * <p>Usernames are 1 to 64 characters: letters, digits and {@code . _ @ -}, starting with a letter or digit, unique
 * ignoring case. Passwords follow the {@link PasswordPolicy} and are stored only as bcrypt hashes.
 *
 * <p>Thread-safe.
 */
public final class UserAccounts {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final UserStore repository;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Clock clock;

    /**
     * @param repository where accounts are kept
     * @param hasher     the password hasher
     * @param policy     the password rules
     * @param clock      the clock for creation times
     */
    public UserAccounts(UserStore repository, PasswordHasher hasher, PasswordPolicy policy, Clock clock) {
        this.repository = repository;
        this.hasher = hasher;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Creates an account.
     *
     * @param username the username
     * @param password the password, in clear; only its hash is kept
     * @param role     the role
     * @return the new account
     * @throws InvalidInputException code {@code INVALID_USERNAME} or a {@link PasswordPolicy} code (400)
     * @throws dev.sessionkit.api.error.ConflictException code {@code USERNAME_TAKEN} (409)
     */
    public User create(String username, String password, Role role) {
        User user = newAccount(username, password, role);
        repository.add(user);
        return user;
    }

    /**
     * Creates the first account, only when there is none at all (several hosts of a cluster may try at once).
     *
     * @param username the username
     * @param password the password, in clear
     * @param role     the role
     * @return whether this call created it
     * @throws InvalidInputException code {@code INVALID_USERNAME} or a {@link PasswordPolicy} code (400)
     */
    public boolean createFirst(String username, String password, Role role) {
        return repository.addFirst(newAccount(username, password, role));
    }

    private User newAccount(String username, String password, Role role) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("INVALID_USERNAME", "A username has 1 to 64 characters: letters, digits "
                    + "and . _ @ -, starting with a letter or digit.",
                    Map.of("field", "username", "received", String.valueOf(username)));
        }
        policy.check(password);
        return new User(UUID.randomUUID().toString(), username, role, hasher.hash(password), clock.instant());
    }

    /**
     * Checks a username and password.
     *
     * @param username the username, any case
     * @param password the password
     * @return the account when both match; empty otherwise (taking the same time whether or not the user exists)
     */
    public Optional<User> authenticate(String username, String password) {
        Optional<User> user = repository.byUsername(username);
        if (user.isEmpty()) {
            hasher.spendCheckTime(password);
            return Optional.empty();
        }
        return hasher.matches(password, user.get().passwordHash()) ? user : Optional.empty();
    }

    /**
     * Changes a user's password, checking the current one first.
     *
     * @param id              the user id
     * @param currentPassword the current password
     * @param newPassword     the new password, in clear; only its hash is kept
     * @return the account with its new password, or empty when the current password is wrong or the account is gone
     *         (taking the same time either way)
     * @throws InvalidInputException                      a {@link PasswordPolicy} code (400) for the new password,
     *                                                    before the current one is checked
     * @throws dev.sessionkit.api.error.ConflictException code {@code PASSWORD_CHANGED} when another request changed
     *                                                    it meanwhile
     */
    public Optional<User> changePassword(String id, String currentPassword, String newPassword) {
        policy.check(newPassword);
        Optional<User> user = repository.byId(id);
        if (user.isEmpty()) {
            hasher.spendCheckTime(currentPassword);
            return Optional.empty();
        }
        if (!hasher.matches(currentPassword, user.get().passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(repository.replacePasswordHash(id, user.get().passwordHash(), hasher.hash(newPassword)));
    }

    /**
     * @param password a candidate password
     * @throws InvalidInputException a {@link PasswordPolicy} code (400)
     */
    public void checkPolicy(String password) {
        policy.check(password);
    }

    /**
     * Deletes an account.
     *
     * @param id the user id
     * @return the deleted account
     * @throws dev.sessionkit.api.error.NotFoundException code {@code USER_NOT_FOUND}
     * @throws dev.sessionkit.api.error.ConflictException code {@code LAST_ADMIN}
     */
    public User delete(String id) {
        return repository.remove(id);
    }

    /** @param id a user id @return the account, or empty */
    public Optional<User> byId(String id) {
        return repository.byId(id);
    }

    /**
     * @param id a user id
     * @return the account
     * @throws dev.sessionkit.api.error.NotFoundException code {@code USER_NOT_FOUND}
     */
    public User require(String id) {
        return repository.byId(id).orElseThrow(() -> UserRepository.notFound(id));
    }

    /** @return every account, by username */
    public List<User> all() {
        return repository.all();
    }

    /** @return whether there is no account yet */
    public boolean isEmpty() {
        return repository.isEmpty();
    }
}
