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
import java.util.HashMap;
import java.util.Map;

/**
 * Token ids ({@code jti}) revoked by logout, each until its token's own expiry: after that the token is refused as
 * expired anyway, so the entry is pruned.
 *
 * <p>Kept in {@code <data-dir>/revoked-tokens.json}, rewritten atomically on every revocation, so a restart never
 * brings a logged-out token back. Expired entries are pruned on open and on every revocation.
 *
 * <p>Thread-safe: {@link #isRevoked} reads an immutable snapshot without locking; revocations are serialized.
 */
public final class RevokedTokens {
    private final JsonFile file;
    private final Clock clock;
    private final Object writeLock = new Object();
    private volatile Map<String, Instant> revoked;

    private RevokedTokens(JsonFile file, Clock clock, Map<String, Instant> revoked) {
        this.file = file;
        this.clock = clock;
        this.revoked = Map.copyOf(revoked);
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
        Map<String, Instant> revoked = new HashMap<>();
        file.read().ifPresent(document -> {
            for (JsonNode entry : document.path("revoked")) {
                String jti = entry.path("jti").textValue();
                String expiresAt = entry.path("expiresAt").textValue();
                try {
                    if (jti == null || expiresAt == null) {
                        throw new IllegalArgumentException("'jti' and 'expiresAt' must be strings");
                    }
                    revoked.put(jti, Instant.parse(expiresAt));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw new IllegalStateException(path + " holds an invalid entry " + entry + " (" + e.getMessage()
                            + "). Fix or delete the entry (a deleted entry makes that logged-out token valid again "
                            + "until it expires).", e);
                }
            }
        });
        RevokedTokens tokens = new RevokedTokens(file, clock, revoked);
        tokens.prune();
        return tokens;
    }

    /**
     * Revokes a token until it expires, and writes the file before returning.
     *
     * @param jti       the token id
     * @param expiresAt the token's expiry
     */
    public void revoke(String jti, Instant expiresAt) {
        synchronized (writeLock) {
            Map<String, Instant> next = unexpired();
            next.put(jti, expiresAt);
            save(next);
        }
    }

    /** @param jti a token id @return whether it was revoked (and has not expired since) */
    public boolean isRevoked(String jti) {
        return revoked.containsKey(jti);
    }

    /** @return how many revocations are kept */
    public int size() {
        return revoked.size();
    }

    private void prune() {
        synchronized (writeLock) {
            Map<String, Instant> next = unexpired();
            if (next.size() != revoked.size()) {
                save(next);
            }
        }
    }

    private Map<String, Instant> unexpired() {
        Instant now = clock.instant();
        Map<String, Instant> next = new HashMap<>();
        revoked.forEach((jti, expiresAt) -> {
            if (expiresAt.isAfter(now)) next.put(jti, expiresAt);
        });
        return next;
    }

    private void save(Map<String, Instant> next) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ArrayNode entries = document.putArray("revoked");
        next.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(entry -> entries.addObject()
                .put("jti", entry.getKey())
                .put("expiresAt", entry.getValue().toString()));
        file.write(document);
        revoked = Map.copyOf(next);
    }
}
