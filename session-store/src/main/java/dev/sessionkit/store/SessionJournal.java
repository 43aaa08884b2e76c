package dev.sessionkit.store;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * One session file in {@link JournalFormat}: the append-only log ({@link #create}, {@link #append}, {@link #write},
 * {@link #force}), the snapshot ({@link #writeSnapshot}), and reading either back ({@link #replay}).
 *
 * <p>Not thread-safe: the one writer thread of {@link SessionPersistence} uses an open journal; {@link #replay} runs
 * before it starts.
 */
final class SessionJournal implements Closeable {
    /** Payloads are gathered in a buffer of this size and written in one call (a larger payload goes alone). */
    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long size;

    private SessionJournal(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /**
     * What {@link #replay} read.
     *
     * @param records        the records read and handed on
     * @param droppedRecords records (whole or torn) after the last good one, as far as their lengths could be followed
     * @param droppedBytes   bytes after the last good record
     * @param problem        why reading stopped before the end (a torn record, a bad checksum), or null
     */
    record Replay(long records, long droppedRecords, long droppedBytes, String problem) {
        static final Replay NONE = new Replay(0, 0, 0, null);
    }

    /**
     * Creates (or empties) a log: writes its header and forces it, with the folder, to disk.
     *
     * @param channels opens the file
     * @param file     the log
     * @return the open log, empty
     * @throws IOException when it cannot be written
     */
    static SessionJournal create(FileChannels channels, Path file) throws IOException {
        FileChannel channel = channels.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            writeFully(channel, ByteBuffer.wrap(JournalFormat.header(JournalFormat.LOG)));
            channel.force(true);
            forceFolder(file.getParent());
            return new SessionJournal(channel, JournalFormat.HEADER_BYTES);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** @param payload a record's payload, added to the buffer (written when it is full or on {@link #write}) */
    void append(byte[] payload) throws IOException {
        int needed = JournalFormat.RECORD_OVERHEAD + payload.length;
        if (needed > buffer.remaining()) write();
        if (needed > buffer.capacity()) {
            ByteBuffer alone = ByteBuffer.allocate(needed);
            frame(alone, payload);
            alone.flip();
            writeFully(channel, alone);
        } else {
            frame(buffer, payload);
        }
        size += needed;
    }

    /** Writes the buffered records to the file (the operating system's cache; not forced). */
    void write() throws IOException {
        if (buffer.position() == 0) return;
        buffer.flip();
        try {
            writeFully(channel, buffer);
        } finally {
            buffer.clear();
        }
    }

    /** Forces what was written to disk. */
    void force() throws IOException {
        channel.force(false);
    }

    /** @return the log's length, written or buffered */
    long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Writes a snapshot durably: to a temporary file, forced, then renamed over the previous snapshot in one step, and
     * the folder forced. When anything fails the previous snapshot stays in force.
     *
     * @param channels opens the file
     * @param file     the snapshot
     * @param payloads the payloads of every session
     * @return the snapshot's length in bytes
     * @throws IOException when it cannot be written
     */
    static long writeSnapshot(FileChannels channels, Path file, Iterator<byte[]> payloads) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        long length;
        try (SessionJournal snapshot = new SessionJournal(channels.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), 0)) {
            writeFully(snapshot.channel, ByteBuffer.wrap(JournalFormat.header(JournalFormat.SNAPSHOT)));
            snapshot.size = JournalFormat.HEADER_BYTES;
            while (payloads.hasNext()) {
                snapshot.append(payloads.next());
            }
            snapshot.write();
            snapshot.force();
            length = snapshot.size;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceFolder(file.getParent());
        return length;
    }

    /**
     * Reads a file's records in order, up to the end or to the first record that is torn, fails its checksum or does
     * not decode.
     *
     * @param file a log or snapshot; a missing one reads as empty
     * @param kind {@link JournalFormat#LOG} or {@link JournalFormat#SNAPSHOT}
     * @param into receives each entry
     * @return what was read and dropped
     * @throws IOException when the file cannot be read, is not a session file of that kind, or is of a newer format
     */
    static Replay replay(Path file, byte kind, Consumer<JournalFormat.Entry> into) throws IOException {
        long length;
        try {
            length = Files.size(file);
        } catch (NoSuchFileException e) {
            return Replay.NONE;
        }
        if (length < JournalFormat.HEADER_BYTES) {
            // A file cut while its header was written (a crash when it was created): nothing in it yet.
            return new Replay(0, length == 0 ? 0 : 1, length, length == 0 ? null : "a torn file header");
        }
        List<byte[]> payloads = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        int version;
        Replay tail;
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] header = new byte[JournalFormat.HEADER_BYTES];
            in.readFully(header);
            version = JournalFormat.readHeader(header, kind);
            tail = frames(in, length, payloads, offsets);
        }
        // Decoding (JSON values, above all) is most of the work: on all cores, then applied in order.
        JournalFormat.Entry[] entries = new JournalFormat.Entry[payloads.size()];
        String[] failures = new String[payloads.size()];
        IntStream.range(0, entries.length).parallel().forEach(i -> {
            try {
                entries[i] = JournalFormat.decode(version, payloads.get(i));
            } catch (IOException e) {
                failures[i] = e.getMessage();
            }
        });
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == null) {
                return new Replay(i, entries.length - i + tail.droppedRecords(), length - offsets.get(i),
                        failures[i]);
            }
            into.accept(entries[i]);
        }
        return tail;
    }

    /**
     * Reads the framed records after the header, checking lengths and checksums, up to the end or the first bad one.
     *
     * @return the tail: records read, and what was dropped after them
     */
    private static Replay frames(DataInputStream in, long length, List<byte[]> payloads, List<Long> offsets)
            throws IOException {
        long offset = JournalFormat.HEADER_BYTES;
        while (offset < length) {
            long records = payloads.size();
            long left = length - offset;
            if (left < JournalFormat.RECORD_OVERHEAD) return dropped(records, 1, left, "a torn record header");
            int payloadLength = in.readInt();
            int checksum = in.readInt();
            if (payloadLength < 0 || payloadLength > JournalFormat.MAX_PAYLOAD) {
                return dropped(records, 1, left, "a record length that cannot be");
            }
            if (payloadLength > left - JournalFormat.RECORD_OVERHEAD) {
                return dropped(records, 1, left, "a torn record");
            }
            byte[] payload = new byte[payloadLength];
            in.readFully(payload);
            if (JournalFormat.checksum(payload, payloadLength) != checksum) {
                return dropped(records, 1 + countRecords(in, left - JournalFormat.RECORD_OVERHEAD - payloadLength),
                        left, "a record with a bad checksum");
            }
            payloads.add(payload);
            offsets.add(offset);
            offset += JournalFormat.RECORD_OVERHEAD + payloadLength;
        }
        return new Replay(payloads.size(), 0, 0, null);
    }

    private static Replay dropped(long records, long droppedRecords, long droppedBytes, String problem) {
        return new Replay(records, droppedRecords, droppedBytes, problem);
    }

    /** Follows record lengths through the rest of a file: how many records (whole or torn) it seems to hold. */
    private static long countRecords(DataInputStream in, long left) throws IOException {
        long count = 0;
        try {
            while (left >= JournalFormat.RECORD_OVERHEAD) {
                int payloadLength = in.readInt();
                in.readInt();
                left -= JournalFormat.RECORD_OVERHEAD;
                count++;
                if (payloadLength < 0 || payloadLength > left) return count;
                in.skipNBytes(payloadLength);
                left -= payloadLength;
            }
        } catch (EOFException e) {
            return count;
        }
        return left > 0 ? count + 1 : count;
    }

    private static void frame(ByteBuffer into, byte[] payload) {
        into.putInt(payload.length).putInt(JournalFormat.checksum(payload, payload.length)).put(payload);
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Forces a folder's entries (a new or renamed file) to disk. */
    private static void forceFolder(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
