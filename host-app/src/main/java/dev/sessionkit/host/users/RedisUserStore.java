package dev.sessionkit.host.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.cluster.Versioned;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link UserStore} of a cluster: accounts in Redis, shared by every host. {@code {ns}:users} maps user ids to
 * accounts (JSON, as in {@code users.json}), {@code {ns}:usernames} lower-case usernames to ids; each change is one
 * script that checks the invariants (unique username, last admin) and raises the {@code users} version in
 * {@code {ns}:versions}.
 *
 * <p>Reads answer from a snapshot of every account (like the single host's file), reloaded by the host that made a
 * change at once and by the others when they see the new version ({@link SharedState}); a lookup that misses asks
 * Redis whether a newer version exists first, so an account created on one host signs in on another at once.
 * Thread-safe.
 */
public final class RedisUserStore implements UserStore {
    private static final String KIND = "users";
    private static final String WHAT = "The shared user accounts";

    /** KEYS users, usernames, versions; ARGV id, lower-case username, account JSON, '1' to add only when empty. */
    private static final String ADD = """
            if ARGV[4] == '1' and redis.call('HLEN', KEYS[1]) > 0 then return {'NOT_EMPTY'} end
            if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return {'TAKEN'} end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
            return {'OK', redis.call('HINCRBY', KEYS[3], 'users', 1)}
            """;

    /** KEYS users, usernames, versions; ARGV id → the removed account, or why not. */
    private static final String REMOVE = """
            local json = redis.call('HGET', KEYS[1], ARGV[1])
            if not json then return {'NOT_FOUND'} end
            local user = cjson.decode(json)
            if user.roleId == 'admin' then
              local admins = 0
              for _, other in ipairs(redis.call('HVALS', KEYS[1])) do
                if cjson.decode(other).roleId == 'admin' then admins = admins + 1 end
              end
              if admins <= 1 then return {'LAST_ADMIN', json} end
            end
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('HDEL', KEYS[2], string.lower(user.username))
            return {'OK', redis.call('HINCRBY', KEYS[3], 'users', 1), json}
            """;

    /** KEYS users, versions; ARGV id, expected hash, new account JSON → OK, or why not (with the stored JSON). */
    private static final String REPLACE_HASH = """
            local json = redis.call('HGET', KEYS[1], ARGV[1])
            if not json then return {'NOT_FOUND'} end
            if cjson.decode(json).passwordHash ~= ARGV[2] then return {'CHANGED', json} end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            return {'OK', redis.call('HINCRBY', KEYS[2], 'users', 1)}
            """;

    /** KEYS users, versions → {version, id1, json1, ...}: every account as of one version. */
    private static final String READ = """
            local out = {tonumber(redis.call('HGET', KEYS[2], 'users') or '0')}
            for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do out[#out + 1] = v end
            return out
            """;

    private final SharedState shared;
    private final ObjectMapper mapper;
    private final Versioned<Map<String, User>> users = new Versioned<>(Map.of());

    /**
     * Reads the accounts and follows their changes.
     *
     * @param shared the cluster's shared state
     * @param mapper the host's mapper
     * @throws dev.sessionkit.api.error.ServiceUnavailableException when Redis cannot be reached
     */
    public RedisUserStore(SharedState shared, ObjectMapper mapper) {
        this.shared = shared;
        this.mapper = mapper;
        reload();
        shared.watch(KIND, users::version, this::reload);
    }

    @Override
    public boolean isEmpty() {
        return users.get().isEmpty();
    }

    @Override
    public List<User> all() {
        return users.get().values().stream()
                .sorted(Comparator.comparing(u -> u.username().toLowerCase(Locale.ROOT))).toList();
    }

    /** {@inheritDoc} An id this host does not know yet (created on another host just now) is looked up in Redis. */
    @Override
    public Optional<User> byId(String id) {
        User user = users.get().get(id);
        if (user == null && catchUp()) user = users.get().get(id);
        return Optional.ofNullable(user);
    }

    /** {@inheritDoc} A name this host does not know yet (created on another host just now) is looked up in Redis. */
    @Override
    public Optional<User> byUsername(String username) {
        Optional<User> user = findByUsername(username);
        return user.isEmpty() && catchUp() ? findByUsername(username) : user;
    }

    private Optional<User> findByUsername(String username) {
        return users.get().values().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
    }

    /** Reloads when Redis holds a newer version than this host's snapshot. @return whether it did */
    private boolean catchUp() {
        if (shared.version(KIND) <= users.version()) return false;
        reload();
        return true;
    }

    @Override
    public void add(User user) {
        add(user, false);
    }

    @Override
    public boolean addFirst(User user) {
        return add(user, true);
    }

    private boolean add(User user, boolean onlyIfEmpty) {
        List<Object> reply = shared.script(WHAT, ADD, keys(), user.id(), user.username().toLowerCase(Locale.ROOT),
                json(user), onlyIfEmpty ? "1" : "0");
        switch ((String) reply.get(0)) {
            case "NOT_EMPTY" -> {
                reload();
                return false;
            }
            case "TAKEN" -> throw new ConflictException("USERNAME_TAKEN", "The username '" + user.username()
                    + "' is taken. Choose another one.", Map.of("username", user.username()));
            default -> {
                reload();
                return true;
            }
        }
    }

    @Override
    public User remove(String id) {
        List<Object> reply = shared.script(WHAT, REMOVE, keys(), id);
        switch ((String) reply.get(0)) {
            case "NOT_FOUND" -> throw UserRepository.notFound(id);
            case "LAST_ADMIN" -> {
                User user = parse((String) reply.get(1));
                throw new ConflictException("LAST_ADMIN", "'" + user.username() + "' is the only admin and cannot be "
                        + "deleted. Create another admin first.", Map.of("userId", id));
            }
            default -> {
                reload();
                return parse((String) reply.get(2));
            }
        }
    }

    @Override
    public User replacePasswordHash(String id, String expectedHash, String newHash) {
        User user = byId(id).orElseThrow(() -> UserRepository.notFound(id));
        User changed = new User(user.id(), user.username(), user.role(), newHash, user.createdAt());
        List<Object> reply = shared.script(WHAT, REPLACE_HASH, List.of(shared.key("users"), shared.key("versions")),
                id, expectedHash, json(changed));
        switch ((String) reply.get(0)) {
            case "NOT_FOUND" -> throw UserRepository.notFound(id);
            case "CHANGED" -> {
                reload(); // this host's snapshot was behind
                throw UserRepository.passwordChanged(parse((String) reply.get(1)));
            }
            default -> {
                reload();
                return changed;
            }
        }
    }

    /** Reads every account with its version and publishes them unless a newer snapshot is held. */
    private void reload() {
        List<Object> reply = shared.script(WHAT, READ, List.of(shared.key("users"), shared.key("versions")));
        Map<String, User> read = new LinkedHashMap<>();
        for (int i = 1; i < reply.size(); i += 2) {
            read.put((String) reply.get(i), parse((String) reply.get(i + 1)));
        }
        users.offer((Long) reply.get(0), Map.copyOf(read));
    }

    private List<String> keys() {
        return List.of(shared.key("users"), shared.key("usernames"), shared.key("versions"));
    }

    private String json(User user) {
        try {
            return mapper.writeValueAsString(UserRepository.toJson(user));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write an account as JSON", e);
        }
    }

    private User parse(String json) {
        try {
            return UserRepository.fromJson(mapper.readTree(json), "Redis (" + shared.key("users") + ")");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An account in Redis is not JSON: the namespace is shared with another "
                    + "program", e);
        }
    }
}
