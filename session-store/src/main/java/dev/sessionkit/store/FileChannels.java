package dev.sessionkit.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the files of {@link SessionPersistence}: {@link FileChannel#open(Path, OpenOption...)} in production; a test
 * may hand channels that fail (a full disk) to check what the store and the host answer then.
 */
@FunctionalInterface
public interface FileChannels {
    /** The file system's own channels. */
    FileChannels DEFAULT = FileChannel::open;

    /**
     * @param file    the file
     * @param options how to open it
     * @return an open channel
     * @throws IOException when it cannot be opened
     */
    FileChannel open(Path file, OpenOption... options) throws IOException;
}
