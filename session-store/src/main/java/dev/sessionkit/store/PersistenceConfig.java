package dev.sessionkit.store;

import java.nio.file.Path;

/**
 * Where and how the embedded store keeps its sessions on disk: part of {@link CaffeineStoreConfig}. Plain public
 * fields, read once when the store is created. Not thread-safe.
 */
public final class PersistenceConfig {
    /** The default {@link #compactAfterBytes}: 16 MiB. */
    public static final long DEFAULT_COMPACT_AFTER_BYTES = 16L * 1024 * 1024;

    /**
     * Whether changes are written, and when they are forced to disk. Not null. Default: {@link PersistenceMode#NONE}.
     */
    public PersistenceMode mode = PersistenceMode.NONE;

    /**
     * The folder of the snapshot and the log (the host's {@code <data-dir>/sessions}); created when missing. Required
     * unless {@link #mode} is NONE. Only one store may use it at a time (the host holds the data directory's lock).
     */
    public Path directory;

    /**
     * A new snapshot replaces the log once the log is longer than this and than the last snapshot, so the disk holds
     * at most about three times the sessions' encoded size plus this. Positive. Default: 16 MiB.
     */
    public long compactAfterBytes = DEFAULT_COMPACT_AFTER_BYTES;

    /** Opens the files. Not null. Default: {@link FileChannels#DEFAULT}. */
    public FileChannels channels = FileChannels.DEFAULT;

    /** @throws IllegalArgumentException when a setting is missing or out of range */
    void validate() {
        if (mode == null || channels == null) {
            throw new IllegalArgumentException("PersistenceConfig: mode and channels must be set");
        }
        if (mode != PersistenceMode.NONE && directory == null) {
            throw new IllegalArgumentException("PersistenceConfig: a directory is needed to keep sessions (mode "
                    + mode.text() + ")");
        }
        if (compactAfterBytes <= 0) {
            throw new IllegalArgumentException("PersistenceConfig: compactAfterBytes must be positive, was "
                    + compactAfterBytes);
        }
    }
}
