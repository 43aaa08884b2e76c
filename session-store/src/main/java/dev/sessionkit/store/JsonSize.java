package dev.sessionkit.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Sizes as the store counts them against {@link dev.sessionkit.api.session.SessionLimits}: a value's size is the
 * length of its compact JSON text in UTF-8 as the host answers it, a name's size its UTF-8 length. The host writes
 * decimals in plain digits ({@code 1e9999} is ten thousand characters, not the seven of {@code 1E+9999}), so they are
 * counted that way. Thread-safe and stateless.
 */
final class JsonSize {
    private JsonSize() {
    }

    /**
     * @param value a JSON tree without POJO nodes, whose numbers fit {@link dev.sessionkit.api.data.JsonNumbers}
     * @return the bytes of its compact JSON text, as the host writes it (decimals in plain digits)
     */
    static long of(JsonNode value) {
        // The common small values without a generator (about half of a small write's cost); the same count as the
        // generator's, which JsonSizeTest checks.
        if (value.isTextual()) {
            long text = escapedLength(value.textValue());
            if (text >= 0) return text;
        } else if (value.isInt() || value.isLong() || value.isShort()) {
            return Long.toString(value.longValue()).length();
        } else if (value.isBoolean()) {
            return value.booleanValue() ? 4 : 5;
        } else if (value.isNull()) {
            return 4;
        }
        return written(value);
    }

    /**
     * @param text a string
     * @return the UTF-8 length of the string as Jackson writes it (quotes and escapes included), or -1 when it holds
     *         a surrogate (left to the generator)
     */
    private static long escapedLength(String text) {
        long bytes = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                bytes += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                return -1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static long written(JsonNode value) {
        ByteCounter counter = new ByteCounter();
        ObjectMapper writer = StoredJson.plainWriter();
        try (JsonGenerator generator = writer.getFactory().createGenerator(counter)) {
            writer.writeTree(generator, value);
        } catch (IOException e) {
            // Writing to a counter in memory does not fail; Jackson declares the exception for real streams.
            throw new UncheckedIOException("Could not measure a JSON value", e);
        }
        return counter.count;
    }

    /** @param text a string @return its length in UTF-8 bytes */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** An output stream that only counts what is written to it. */
    private static final class ByteCounter extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
