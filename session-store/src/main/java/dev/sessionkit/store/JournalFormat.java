package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.session.OnExpiry;
import dev.sessionkit.api.session.SessionSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The bytes of the session files ({@link SessionJournal}): a header, then records. Stateless and thread-safe.
 *
 * <h2>File</h2>
 * A 16-byte header: the magic {@code SKSESS} plus CR LF, the format version (int, big-endian), the kind of file (one
 * byte: 1 log, 2 snapshot) and three zero bytes. Then records, each: payload length (int), CRC32C of the payload
 * (int), payload. A record whose length or checksum does not match ends what is read (a torn or corrupt tail).
 *
 * <h2>Payload, format 1</h2>
 * Every record holds the whole state of one session after a change, or its removal, so replaying records in order
 * and keeping the last one per session gives the state, and replaying a record twice changes nothing:
 * <pre>
 * op          byte     1 = session (state follows), 2 = removed
 * appId       string   (int length + UTF-8)
 * kind        byte     'G' GLOBAL, 'T' TOKEN or SHARED
 * id          string   user id or token
 * -- op 1 only --
 * name        flag + string     SHARED name (flag 0: none)
 * ttl, idle   flag + long seconds + int nanos   the spec's durations (flag 0: none)
 * extendOnGet, extendOnSet  boolean
 * onExpiry    byte     0 END_SESSION, 1 DELETE_DATA
 * anonymous   boolean, lifetime long (nanoseconds, Long.MAX_VALUE: none)
 * createdAt, lastRenewal, ttlDeadline   long   nanoseconds since the epoch (wall clock), Long.MAX_VALUE: never
 * version     long
 * count       int, then per parameter: name string, secret boolean, value string (compact JSON, decimals
 *             in plain digits since values are held encoded; older files may hold 1E+3: both read the same)
 * </pre>
 *
 * <h2>Versions</h2>
 * A host writes {@link #CURRENT}. It reads every version up to its own (a new format adds a case to
 * {@link #decode}, keeping the old ones and a fixture file of each), and refuses a file of a newer version, which an
 * older host cannot read without losing data.
 */
final class JournalFormat {
    /** The format this host writes. */
    static final int CURRENT = 1;
    /** Bytes of the file header. */
    static final int HEADER_BYTES = 16;
    /** Bytes before each payload: length and checksum. */
    static final int RECORD_OVERHEAD = 8;
    /** The largest payload accepted when reading: a longer length is a corrupt record. */
    static final int MAX_PAYLOAD = 1 << 30;

    static final byte LOG = 1;
    static final byte SNAPSHOT = 2;

    private static final byte[] MAGIC = "SKSESS\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte SESSION = 1;
    private static final byte REMOVED = 2;

    private JournalFormat() {
    }

    /**
     * One replayed record: a session's state after a change, or its removal.
     *
     * @param key    the session
     * @param record its state, or null when it was removed
     */
    record Entry(SessionKey key, SessionRecord record) {
    }

    /** @param kind {@link #LOG} or {@link #SNAPSHOT} @return the header of a new file in the current format */
    static byte[] header(byte kind) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).putInt(CURRENT).put(kind);
        return header.array();
    }

    /**
     * @param header the first {@link #HEADER_BYTES} bytes of a file
     * @param kind   the kind expected
     * @return the file's format version
     * @throws IOException when it is not a session file of that kind or is of a newer format than this host reads
     */
    static int readHeader(byte[] header, byte kind) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(header);
        byte[] magic = new byte[MAGIC.length];
        buffer.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) throw new IOException("not a Sessionkit session file");
        int version = buffer.getInt();
        if (version < 1 || version > CURRENT) {
            throw new IOException("format " + version + " was written by a newer Sessionkit host; this host reads "
                    + "formats 1 to " + CURRENT + ". Run the newer host, or move the sessions folder away to start "
                    + "empty");
        }
        if (buffer.get() != kind) throw new IOException("a session file of another kind (log or snapshot)");
        return version;
    }

    /** @param payload a payload @return its CRC32C */
    static int checksum(byte[] payload, int length) {
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, length);
        return (int) crc.getValue();
    }

    /**
     * @param key    the session
     * @param record its state, or null for its removal
     * @return the payload in the current format
     */
    static byte[] encode(SessionKey key, SessionRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(record == null ? 64 : 128 + (int) record.bytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(record == null ? REMOVED : SESSION);
            writeString(out, key.appId());
            out.writeByte(key.kind() == SessionKey.Kind.GLOBAL ? 'G' : 'T');
            writeString(out, key.id());
            if (record == null) return bytes.toByteArray();
            ExpiryPolicy policy = record.policy();
            SessionSpec spec = policy.spec();
            out.writeBoolean(spec.name() != null);
            if (spec.name() != null) writeString(out, spec.name());
            writeDuration(out, spec.ttl());
            writeDuration(out, spec.idleTimeout());
            out.writeBoolean(spec.extendOnGet());
            out.writeBoolean(spec.extendOnSet());
            out.writeByte(spec.onExpiry() == OnExpiry.DELETE_DATA ? 1 : 0);
            out.writeBoolean(policy.anonymous());
            out.writeLong(policy.lifetimeNanos());
            out.writeLong(record.createdAt());
            out.writeLong(record.lastRenewal());
            out.writeLong(record.ttlDeadline());
            out.writeLong(record.version());
            Parameters data = record.data();
            Set<String> secrets = data.secretNames();
            out.writeInt(data.size());
            data.forEachEncoded((name, text, offset, length) -> {
                writeString(out, name);
                out.writeBoolean(secrets.contains(name));
                out.writeInt(length);
                out.write(text, offset, length);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a session record", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param version the file's format version, at most {@link #CURRENT}
     * @param payload a payload whose checksum matched
     * @return the entry
     * @throws IOException when the payload does not decode (treated as a corrupt record)
     */
    static Entry decode(int version, byte[] payload) throws IOException {
        if (version != 1) throw new IOException("no decoder for format " + version);
        return decodeV1(payload);
    }

    private static Entry decodeV1(byte[] payload) throws IOException {
        Cursor in = new Cursor(payload);
        try {
            byte op = in.readByte();
            String appId = in.readString();
            byte kind = in.readByte();
            if (kind != 'G' && kind != 'T') throw new IOException("unknown session kind " + kind);
            SessionKey key = new SessionKey(appId, kind == 'G' ? SessionKey.Kind.GLOBAL : SessionKey.Kind.TOKEN,
                    in.readString());
            if (op == REMOVED) return new Entry(key, null);
            if (op != SESSION) throw new IOException("unknown record type " + op);
            String name = in.readBoolean() ? in.readString() : null;
            Duration ttl = in.readDuration();
            Duration idle = in.readDuration();
            boolean extendOnGet = in.readBoolean();
            boolean extendOnSet = in.readBoolean();
            OnExpiry onExpiry = in.readByte() == 1 ? OnExpiry.DELETE_DATA : OnExpiry.END_SESSION;
            boolean anonymous = in.readBoolean();
            long lifetime = in.readLong();
            ExpiryPolicy policy = ExpiryPolicy.restored(new SessionSpec(name, ttl, idle, extendOnGet, extendOnSet,
                    onExpiry), anonymous, lifetime);
            long createdAt = in.readLong();
            long lastRenewal = in.readLong();
            long ttlDeadline = in.readLong();
            long recordVersion = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > in.remaining()) throw new IOException("a parameter count that cannot be");
            String[] names = new String[count];
            int[] offsets = new int[count];
            int[] lengths = new int[count];
            Set<String> secrets = Set.of();
            for (int i = 0; i < count; i++) {
                names[i] = in.readString();
                if (in.readBoolean()) {
                    if (secrets.isEmpty()) secrets = new HashSet<>();
                    secrets.add(names[i]);
                }
                lengths[i] = in.readInt();
                if (lengths[i] == 0) throw new IOException("an empty value");
                offsets[i] = in.skip(lengths[i]);
            }
            if (in.remaining() > 0) throw new IOException("bytes left after the record");
            byte[] source = canonical(payload, offsets, lengths);
            return new Entry(key, SessionRecord.restored(policy, createdAt, lastRenewal, ttlDeadline,
                    Parameters.restored(names, source, offsets, lengths, secrets), recordVersion));
        } catch (IllegalArgumentException | IllegalStateException | BufferUnderflowException
                 | dev.sessionkit.api.error.SessionkitException e) {
            throw new IOException("a record that does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * The values of a record, checked, in the form this host holds and counts them: the payload itself when they are
     * (always for files this version wrote), else a new array of every value, those an earlier host wrote with an
     * exponent ({@code 1E+3}) re-encoded in plain digits; {@code offsets} are updated to it. Values that are not
     * simple scalars are parsed once here, so a value that is not JSON fails the record now, not a later read.
     *
     * @throws IllegalStateException when a value is not JSON
     */
    private static byte[] canonical(byte[] payload, int[] offsets, int[] lengths) {
        byte[][] reencoded = null;
        for (int i = 0; i < offsets.length; i++) {
            if (StoredJson.isSimple(payload, offsets[i], lengths[i])) continue;
            JsonNode value = StoredJson.decode(payload, offsets[i], lengths[i]);
            if (StoredJson.isCanonical(payload, offsets[i], lengths[i])) continue;
            if (reencoded == null) reencoded = new byte[offsets.length][];
            reencoded[i] = StoredJson.encode(value);
        }
        if (reencoded == null) return payload;
        int total = 0;
        for (int i = 0; i < offsets.length; i++) {
            total += reencoded[i] == null ? lengths[i] : reencoded[i].length;
        }
        byte[] source = new byte[total];
        int at = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (reencoded[i] == null) {
                System.arraycopy(payload, offsets[i], source, at, lengths[i]);
            } else {
                System.arraycopy(reencoded[i], 0, source, at, reencoded[i].length);
                lengths[i] = reencoded[i].length;
            }
            offsets[i] = at;
            at += lengths[i];
        }
        return source;
    }

    /** Reads a payload's fields in order, big-endian as {@link DataOutputStream} wrote them, without copying. */
    private static final class Cursor {
        private final ByteBuffer buffer;

        Cursor(byte[] payload) {
            this.buffer = ByteBuffer.wrap(payload);
        }

        byte readByte() {
            return buffer.get();
        }

        boolean readBoolean() {
            return buffer.get() != 0;
        }

        int readInt() {
            return buffer.getInt();
        }

        long readLong() {
            return buffer.getLong();
        }

        int remaining() {
            return buffer.remaining();
        }

        String readString() throws IOException {
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) throw new IOException("a string longer than its record");
            int at = buffer.position();
            buffer.position(at + length);
            return new String(buffer.array(), at, length, StandardCharsets.UTF_8);
        }

        /** @return where the next {@code length} bytes start, skipped */
        int skip(int length) throws IOException {
            if (length < 0 || length > buffer.remaining()) throw new IOException("a value longer than its record");
            int at = buffer.position();
            buffer.position(at + length);
            return at;
        }

        Duration readDuration() {
            if (!readBoolean()) return null;
            return Duration.ofSeconds(buffer.getLong(), buffer.getInt());
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void writeDuration(DataOutputStream out, Duration duration) throws IOException {
        out.writeBoolean(duration != null);
        if (duration == null) return;
        out.writeLong(duration.getSeconds());
        out.writeInt(duration.getNano());
    }
}
