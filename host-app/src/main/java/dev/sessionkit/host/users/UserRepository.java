package dev.sessionkit.host.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.host.storage.JsonFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link UserStore} of a single host: the user accounts, kept in one JSON file ({@code <data-dir>/users.json}) that is rewritten atomically on every
 * change, and held in memory.
 *
 * <p>Invariants, checked under one lock: usernames are unique ignoring case ({@code 409 USERNAME_TAKEN}); the last
 * admin cannot be deleted ({@code 409 LAST_ADMIN}). A change is published only after the file was written, so a
 * failed write changes nothing.
 *
 * <p>Thread-safe: reads see an immutable snapshot without locking; writes are serialized.
 */
public final class UserRepository implements UserStore {
    private final JsonFile file;
    private final Object writeLock = new Object();
    private volatile Map<String, User> usersById;

    private UserRepository(JsonFile file, Map<String, User> usersById) {
        this.file = file;
        this.usersById = Map.copyOf(usersById);
    }

    /**
     * Opens the accounts file, or starts with none when it does not exist yet.
     *
     * @param mapper the host's mapper
     * @param path   the file, {@code <data-dir>/users.json}
     * @return the repository
     * @throws IllegalStateException when the file is not a valid accounts file, naming the problem
     */
    public static UserRepository open(ObjectMapper mapper, Path path) {
        JsonFile file = new JsonFile(mapper, path);
        Map<String, User> users = new LinkedHashMap<>();
        file.read().ifPresent(document -> {
            for (JsonNode node : document.path("users")) {
                User user = fromJson(node, path);
                users.put(user.id(), user);
            }
        });
        return new UserRepository(file, users);
    }

    /** @return whether there is no account at all (a first start) */
    @Override
    public boolean isEmpty() {
        return usersById.isEmpty();
    }

    /** @return every account, by username */
    @Override
    public List<User> all() {
        return usersById.values().stream().sorted(Comparator.comparing(u -> u.username().toLowerCase(Locale.ROOT)))
                .toList();
    }

    /** @param id a user id @return the account, or empty */
    @Override
    public Optional<User> byId(String id) {
        return Optional.ofNullable(usersById.get(id));
    }

    /** @param username a username, any case @return the account, or empty */
    @Override
    public Optional<User> byUsername(String username) {
        return usersById.values().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
    }

    /**
     * Adds an account and writes the file.
     *
     * @param user the new account
     * @throws ConflictException code {@code USERNAME_TAKEN} when the username (ignoring case) exists
     */
    @Override
    public void add(User user) {
        synchronized (writeLock) {
            if (byUsername(user.username()).isPresent()) {
                throw new ConflictException("USERNAME_TAKEN", "The username '" + user.username()
                        + "' is taken. Choose another one.", Map.of("username", user.username()));
            }
            Map<String, User> next = new LinkedHashMap<>(usersById);
            next.put(user.id(), user);
            save(next);
        }
    }

    @Override
    public boolean addFirst(User user) {
        synchronized (writeLock) {
            if (!usersById.isEmpty()) return false;
            add(user);
            return true;
        }
    }

    @Override
    public User replacePasswordHash(String id, String expectedHash, String newHash) {
        synchronized (writeLock) {
            User user = byId(id).orElseThrow(() -> notFound(id));
            if (!user.passwordHash().equals(expectedHash)) throw passwordChanged(user);
            User changed = new User(user.id(), user.username(), user.role(), newHash, user.createdAt());
            Map<String, User> next = new LinkedHashMap<>(usersById);
            next.put(id, changed);
            save(next);
            return changed;
        }
    }

    /** @param user an account whose password changed meanwhile @return the failure, code {@code PASSWORD_CHANGED} */
    static ConflictException passwordChanged(User user) {
        return new ConflictException("PASSWORD_CHANGED", "The password of '" + user.username() + "' was changed "
                + "meanwhile (by another request). Sign in with the new password and try again.",
                Map.of("userId", user.id()));
    }

    /** @param id a user id that does not exist @return the failure saying so, code {@code USER_NOT_FOUND} */
    static NotFoundException notFound(String id) {
        return new NotFoundException("USER_NOT_FOUND", "There is no user with id '" + id + "'. GET /api/users lists "
                + "the users and their ids.", Map.of("userId", id));
    }

    /**
     * Removes an account and writes the file.
     *
     * @param id the user id
     * @return the removed account
     * @throws NotFoundException code {@code USER_NOT_FOUND}
     * @throws ConflictException code {@code LAST_ADMIN} when it is the only admin
     */
    @Override
    public User remove(String id) {
        synchronized (writeLock) {
            User user = byId(id).orElseThrow(() -> notFound(id));
            boolean lastAdmin = user.role() == Role.ADMIN
                    && usersById.values().stream().filter(u -> u.role() == Role.ADMIN).count() == 1;
            if (lastAdmin) {
                throw new ConflictException("LAST_ADMIN", "'" + user.username() + "' is the only admin and cannot be "
                        + "deleted. Create another admin first.", Map.of("userId", id));
            }
            Map<String, User> next = new LinkedHashMap<>(usersById);
            next.remove(id);
            save(next);
            return user;
        }
    }

    private void save(Map<String, User> next) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ArrayNode users = document.putArray("users");
        for (User user : next.values()) {
            users.add(toJson(user));
        }
        file.write(document);
        usersById = Map.copyOf(next);
    }

    /** @param user an account @return it as stored: id, username, roleId, passwordHash, createdAt */
    static ObjectNode toJson(User user) {
        return JsonNodeFactory.instance.objectNode()
                .put("id", user.id())
                .put("username", user.username())
                .put("roleId", user.role().id())
                .put("passwordHash", user.passwordHash())
                .put("createdAt", user.createdAt().toString());
    }

    /**
     * @param node  an account as stored
     * @param where where it was read from, for the error
     * @return the account
     * @throws IllegalStateException when it is not a valid account
     */
    static User fromJson(JsonNode node, Object where) {
        try {
            return new User(text(node, "id"), text(node, "username"), Role.of(text(node, "roleId")),
                    text(node, "passwordHash"), Instant.parse(text(node, "createdAt")));
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + " holds an invalid user entry (" + e.getMessage() + "). Restore "
                    + "the file from a backup or fix the entry, then start again.", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return value.textValue();
    }
}
