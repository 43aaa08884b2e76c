package dev.sessionkit.host.auth;

import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.cluster.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Revocations} of a cluster: in Redis, shared by every host. {@code {ns}:revoked-tokens} maps a token id to
 * its expiry, {@code {ns}:revoked-users} a user id to "cutoff expiry" (epoch milliseconds); each revocation is one
 * script that also drops expired entries and raises the {@code revocations} version in {@code {ns}:versions}.
 *
 * <p>{@link #isRevoked} answers from a snapshot: the host that revoked reloads it at once, the others within
 * {@link SharedState}'s polling interval, well within a second. Thread-safe.
 */
public final class RedisRevocations implements Revocations {
    private static final String KIND = "revocations";
    private static final String WHAT = "The shared revoked tokens";

    /**
     * KEYS tokens, users, versions; ARGV now (ms), 't' or 'u', the jti or user id, then for a token its expiry (ms),
     * for a user the cutoff and the entry's expiry (ms).
     */
    private static final String REVOKE = """
            local now = tonumber(ARGV[1])
            for _, key in ipairs({KEYS[1], KEYS[2]}) do
              local entries = redis.call('HGETALL', key)
              for i = 1, #entries, 2 do
                local expires = tonumber(string.match(entries[i + 1], '(%d+)$'))
                if expires <= now then redis.call('HDEL', key, entries[i]) end
              end
            end
            if ARGV[2] == 't' then
              redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
            else
              redis.call('HSET', KEYS[2], ARGV[3], ARGV[4] .. ' ' .. ARGV[5])
            end
            return {'OK', redis.call('HINCRBY', KEYS[3], 'revocations', 1)}
            """;

    /** KEYS tokens, users, versions → {version, {jti, expiry, ...}, {userId, "cutoff expiry", ...}}. */
    private static final String READ = """
            return {tonumber(redis.call('HGET', KEYS[3], 'revocations') or '0'), redis.call('HGETALL', KEYS[1]),
                    redis.call('HGETALL', KEYS[2])}
            """;

    private final SharedState shared;
    private final Clock clock;
    private final Versioned<Snapshot> snapshot = new Versioned<>(new Snapshot(Map.of(), Map.of()));

    /** Token ids to expiry; user ids to cutoff (both as read at one version). */
    private record Snapshot(Map<String, Instant> tokens, Map<String, Instant> cutoffs) {
    }

    /**
     * Reads the revocations and follows their changes.
     *
     * @param shared the cluster's shared state
     * @param clock  the host's clock
     * @throws dev.sessionkit.api.error.ServiceUnavailableException when Redis cannot be reached
     */
    public RedisRevocations(SharedState shared, Clock clock) {
        this.shared = shared;
        this.clock = clock;
        reload();
        shared.watch(KIND, snapshot::version, this::reload);
    }

    @Override
    public void revoke(String jti, Instant expiresAt) {
        shared.script(WHAT, REVOKE, keys(), Long.toString(clock.millis()), "t", jti,
                Long.toString(expiresAt.toEpochMilli()));
        reload();
    }

    @Override
    public void revokeAllOf(String userId, Duration tokenLifetime) {
        Instant now = clock.instant();
        shared.script(WHAT, REVOKE, keys(), Long.toString(now.toEpochMilli()), "u", userId,
                Long.toString(now.toEpochMilli()), Long.toString(now.plus(tokenLifetime).plusSeconds(1).toEpochMilli()));
        reload();
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        Snapshot current = snapshot.get();
        if (current.tokens().containsKey(token.jti())) return true;
        return Revocations.revokedByCutoff(token, current.cutoffs().get(token.userId()));
    }

    @Override
    public int size() {
        return snapshot.get().tokens().size();
    }

    private void reload() {
        List<Object> reply = shared.script(WHAT, READ, keys());
        Map<String, Instant> tokens = new HashMap<>();
        List<?> tokenEntries = (List<?>) reply.get(1);
        for (int i = 0; i < tokenEntries.size(); i += 2) {
            tokens.put((String) tokenEntries.get(i), Instant.ofEpochMilli(Long.parseLong((String) tokenEntries.get(i + 1))));
        }
        Map<String, Instant> cutoffs = new HashMap<>();
        List<?> userEntries = (List<?>) reply.get(2);
        for (int i = 0; i < userEntries.size(); i += 2) {
            String[] parts = ((String) userEntries.get(i + 1)).split(" ");
            cutoffs.put((String) userEntries.get(i), Instant.ofEpochMilli(Long.parseLong(parts[0])));
        }
        snapshot.offer((Long) reply.get(0), new Snapshot(Map.copyOf(tokens), Map.copyOf(cutoffs)));
    }

    private List<String> keys() {
        return List.of(shared.key("revoked-tokens"), shared.key("revoked-users"), shared.key("versions"));
    }
}
