package dev.sessionkit.host.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One JSON document in the data directory, read whole and replaced whole through {@link AtomicFile} (pretty-printed,
 * so an operator can read it).
 *
 * <p>Immutable and thread-safe; serializing writers of one file is the caller's job.
 */
public final class JsonFile {
    private final ObjectMapper mapper;
    private final Path path;

    /**
     * @param mapper the host's mapper
     * @param path   the file; its directory must exist before {@link #write}
     */
    public JsonFile(ObjectMapper mapper, Path path) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.path = Objects.requireNonNull(path, "path");
    }

    /** @return the file's path */
    public Path path() {
        return path;
    }

    /**
     * Reads the document.
     *
     * @return the document, or empty when the file does not exist
     * @throws IllegalStateException when the file is not valid JSON, naming it and how to recover
     * @throws UncheckedIOException  when it cannot be read
     */
    public Optional<JsonNode> read() {
        try {
            return Optional.of(mapper.readTree(Files.readAllBytes(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(path + " is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "). Restore it from a backup or move it out of the data "
                    + "directory, then start again.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        } catch (InvalidInputException | NumberFormatException e) {
            throw new IllegalStateException(path + " holds a number longer than the host accepts (" + e.getMessage()
                    + "). Restore it from a backup or move it out of the data directory, then start again.", e);
        }
    }

    /**
     * Replaces the document atomically and durably.
     *
     * @param document the new content
     * @throws UncheckedIOException when it cannot be written; the previous content is then intact
     */
    public void write(JsonNode document) {
        byte[] bytes;
        try {
            bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize the content of " + path, e);
        }
        AtomicFile.write(path, bytes);
    }
}
