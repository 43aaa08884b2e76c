package dev.sessionkit.host.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.host.storage.JsonFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@link Revocations} of a single host. Revoked tokens: single tokens ({@code jti}) revoked by a logout, and every token of one user issued up to a moment
 * ("log out everywhere"). Each entry is kept until the tokens it revokes have expired anyway, then pruned.
 *
 * <p>Kept in {@code <data-dir>/revoked-tokens.json} ({@code {"revoked": [{"jti", "expiresAt"}], "users": [{"userId",
 * "revokedUpTo", "expiresAt"}]}}), rewritten atomically on every revocation, so a restart never brings a revoked
 * token back. Expired entries are pruned on open and on every revocation.
 *
 * <p>Token issue times ({@code iat}) have milliseconds, and a cutoff revokes the tokens issued up to its millisecond:
 * a sign-in after "log out everywhere" always gets a valid token, even in the same second.
 *
 * <p>Thread-safe: {@link #isRevoked} reads immutable snapshots without locking; revocations are serialized.
 */
public final class RevokedTokens implements Revocations {
    private final JsonFile file;
    private final Clock clock;
    private final Object writeLock = new Object();
    private volatile Snapshot snapshot;

    /** Single tokens by jti, and users' cutoffs by user id; each with the instant after which it can be pruned. */
    private record Snapshot(Map<String, Instant> tokens, Map<String, Cutoff> users) {
        Snapshot {
            tokens = Map.copyOf(tokens);
            users = Map.copyOf(users);
        }
    }

    /** Tokens of a user issued at or before {@code upTo} are revoked; the entry matters until {@code expiresAt}. */
    private record Cutoff(Instant upTo, Instant expiresAt) {
    }

    private RevokedTokens(JsonFile file, Clock clock, Snapshot snapshot) {
        this.file = file;
        this.clock = clock;
        this.snapshot = snapshot;
    }

    /**
     * Opens the revocation file, or starts empty when it does not exist.
     *
     * @param mapper the host's mapper
     * @param path   the file, {@code <data-dir>/revoked-tokens.json}
     * @param clock  the host's clock
     * @return the revocations
     * @throws IllegalStateException when the file is not a valid revocation file
     */
    public static RevokedTokens open(ObjectMapper mapper, Path path, Clock clock) {
        JsonFile file = new JsonFile(mapper, path);
        Map<String, Instant> tokens = new HashMap<>();
        Map<String, Cutoff> users = new HashMap<>();
        file.read().ifPresent(document -> {
            readEntries(path, document.path("revoked"), "jti", (jti, entry) ->
                    tokens.put(jti, instant(entry, "expiresAt")));
            readEntries(path, document.path("users"), "userId", (userId, entry) ->
                    users.put(userId, new Cutoff(instant(entry, "revokedUpTo"), instant(entry, "expiresAt"))));
        });
        RevokedTokens revocations = new RevokedTokens(file, clock, new Snapshot(tokens, users));
        revocations.prune();
        return revocations;
    }

    private static void readEntries(Path path, JsonNode entries, String idField, BiConsumer<String, JsonNode> add) {
        for (JsonNode entry : entries) {
            try {
                String id = entry.path(idField).textValue();
                if (id == null) {
                    throw new IllegalArgumentException("'" + idField + "' must be a string");
                }
                add.accept(id, entry);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalStateException(path + " holds an invalid entry " + entry + " (" + e.getMessage()
                        + "). Fix or delete the entry (a deleted entry makes the tokens it revoked valid again "
                        + "until they expire).", e);
            }
        }
    }

    private static Instant instant(JsonNode entry, String field) {
        String text = entry.path(field).textValue();
        if (text == null) {
            throw new IllegalArgumentException("'" + field + "' must be an ISO-8601 instant");
        }
        return Instant.parse(text);
    }

    /**
     * Revokes a token until it expires, and writes the file before returning.
     *
     * @param jti       the token id
     * @param expiresAt the token's expiry
     */
    @Override
    public void revoke(String jti, Instant expiresAt) {
        synchronized (writeLock) {
            Snapshot next = unexpired();
            Map<String, Instant> tokens = new HashMap<>(next.tokens());
            tokens.put(jti, expiresAt);
            save(new Snapshot(tokens, next.users()));
        }
    }

    /**
     * Revokes every token of a user issued up to now ("log out everywhere"), and writes the file before returning.
     * Tokens issued later are valid.
     *
     * @param userId        the user
     * @param tokenLifetime how long tokens live: the revocation is kept that long
     */
    @Override
    public void revokeAllOf(String userId, Duration tokenLifetime) {
        synchronized (writeLock) {
            Instant now = clock.instant();
            Snapshot next = unexpired();
            Map<String, Cutoff> users = new HashMap<>(next.users());
            users.put(userId, new Cutoff(now, now.plus(tokenLifetime).plusSeconds(1)));
            save(new Snapshot(next.tokens(), users));
        }
    }

    /** @param token a verified token @return whether it was revoked (by its own logout or its user's cutoff) */
    @Override
    public boolean isRevoked(VerifiedToken token) {
        Snapshot current = snapshot;
        if (current.tokens().containsKey(token.jti())) {
            return true;
        }
        Cutoff cutoff = current.users().get(token.userId());
        return Revocations.revokedByCutoff(token, cutoff == null ? null : cutoff.upTo());
    }

    /** @return how many single-token revocations are kept */
    @Override
    public int size() {
        return snapshot.tokens().size();
    }

    private void prune() {
        synchronized (writeLock) {
            Snapshot next = unexpired();
            if (!next.equals(snapshot)) {
                save(next);
            }
        }
    }

    private Snapshot unexpired() {
        Instant now = clock.instant();
        Map<String, Instant> tokens = new HashMap<>();
        snapshot.tokens().forEach((jti, expiresAt) -> {
            if (expiresAt.isAfter(now)) tokens.put(jti, expiresAt);
        });
        Map<String, Cutoff> users = new HashMap<>();
        snapshot.users().forEach((userId, cutoff) -> {
            if (cutoff.expiresAt().isAfter(now)) users.put(userId, cutoff);
        });
        return new Snapshot(tokens, users);
    }

    private void save(Snapshot next) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ArrayNode tokens = document.putArray("revoked");
        next.tokens().entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(entry -> tokens.addObject()
                .put("jti", entry.getKey())
                .put("expiresAt", entry.getValue().toString()));
        ArrayNode users = document.putArray("users");
        next.users().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> users.addObject()
                .put("userId", entry.getKey())
                .put("revokedUpTo", entry.getValue().upTo().toString())
                .put("expiresAt", entry.getValue().expiresAt().toString()));
        file.write(document);
        snapshot = next;
    }
}
