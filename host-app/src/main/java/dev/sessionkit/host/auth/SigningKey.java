package dev.sessionkit.host.auth;

import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.storage.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's HS256 signing key: 256 random bits generated on the first start and stored base64-encoded in
 * {@code <data-dir>/secrets/jwt-hs256.key}, readable by the owner only, so tokens stay valid across restarts.
 * Deleting the file signs everybody out at the next start.
 */
public final class SigningKey {
    /** Key length in bytes (256 bits, the HS256 hash size). */
    public static final int BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(SigningKey.class);

    private SigningKey() {
    }

    /**
     * Reads the key, or generates and stores it when the file does not exist.
     *
     * @param file the key file; its directory must exist
     * @return the key bytes
     * @throws IllegalStateException when the file exists but does not hold a 256-bit key
     * @throws UncheckedIOException  when it cannot be read or written
     */
    public static byte[] loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return load(file);
        }
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        AtomicFile.write(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        LOG.info("Generated a new token signing key in {}", file);
        return key;
    }

    /**
     * The cluster's key, kept in Redis ({@code {ns}:signing-key}), so a token signed on one host is valid on every
     * host. The first host to start creates it: this host's own key file when it has one (a single host moving to a
     * cluster keeps its users signed in), else a new random key; a host that finds one in Redis uses it.
     *
     * @param shared the cluster's shared state
     * @param file   this host's key file, read when it exists; never written
     * @return the key bytes
     * @throws dev.sessionkit.api.error.ServiceUnavailableException when Redis cannot be reached
     * @throws IllegalStateException when the key in Redis is not a 256-bit base64 key
     */
    public static byte[] shared(SharedState shared, Path file) {
        byte[] candidate;
        if (Files.exists(file)) {
            candidate = load(file);
        } else {
            candidate = new byte[BYTES];
            new SecureRandom().nextBytes(candidate);
        }
        String key = shared.key("signing-key");
        String encoded = Base64.getEncoder().encodeToString(candidate);
        boolean created = shared.call("The shared signing key", commands -> commands.setnx(key, encoded));
        if (created) {
            LOG.info("Stored the cluster's token signing key in Redis ({}){}", key,
                    Files.exists(file) ? ", taken from " + file : "");
            return candidate;
        }
        String stored = shared.call("The shared signing key", commands -> commands.get(key));
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The signing key in Redis (" + key + ") is not base64. Delete the key "
                    + "to let the next host create one (everybody will have to sign in again).", e);
        }
        if (bytes.length != BYTES) {
            throw new IllegalStateException("The signing key in Redis (" + key + ") has " + bytes.length * 8
                    + " bits; 256 are required. Delete the key to let the next host create one.");
        }
        return bytes;
    }

    private static byte[] load(Path file) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a base64 signing key. Delete it to generate a new one "
                    + "(everybody will have to sign in again).", e);
        }
        if (key.length != BYTES) {
            throw new IllegalStateException(file + " holds a " + key.length * 8 + "-bit key; 256 bits are required. "
                    + "Delete it to generate a new one (everybody will have to sign in again).");
        }
        if (AtomicFile.readableByOthers(file)) {
            LOG.warn("The signing key {} is accessible to other OS users; restrict it with: chmod 600 {}", file, file);
        }
        return key;
    }
}
