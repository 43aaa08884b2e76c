package dev.sessionkit.store.testing;

import dev.sessionkit.store.FileChannels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Real file channels that fail on demand, as a full or read-only disk makes them fail: while {@link #failWith} is in
 * force, opening, writing and forcing files it applies to throw an {@link IOException} with the operating system's
 * words ({@code "No space left on device"}, {@code "Read-only file system"}), which is all the store sees of a real
 * full disk. Reads always work. Thread-safe.
 */
public final class FailingChannels implements FileChannels {
    /** What Linux says when a disk is full. */
    public static final String DISK_FULL = "No space left on device";
    /** What Linux says when a file system is mounted read-only. */
    public static final String READ_ONLY = "Read-only file system";

    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile Predicate<Path> applies = path -> true;

    /**
     * @param reason the error's message, or null to stop failing
     * @param files  which files fail (by path)
     */
    public void failWith(String reason, Predicate<Path> files) {
        applies = files;
        failure.set(reason);
    }

    /** @param reason the error's message for every file, or null to stop failing */
    public void failWith(String reason) {
        failWith(reason, path -> true);
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        check(file);
        return new Failing(FileChannel.open(file, options), file);
    }

    private void check(Path file) throws IOException {
        String reason = failure.get();
        if (reason != null && applies.test(file)) throw new IOException(reason);
    }

    /** Delegates to a real channel, failing writes and forces while {@link #failWith} says so. */
    private final class Failing extends FileChannel {
        private final FileChannel real;
        private final Path file;

        Failing(FileChannel real, Path file) {
            this.real = real;
            this.file = file;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check(file);
            return real.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            check(file);
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            check(file);
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            check(file);
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            check(file);
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            check(file);
            return real.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
