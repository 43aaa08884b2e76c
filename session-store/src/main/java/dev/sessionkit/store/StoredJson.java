package dev.sessionkit.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A value as the embedded store holds it: its compact JSON text in UTF-8, as the host answers it (decimals in plain
 * digits). One form serves three needs: it is the value's counted size ({@link JsonSize}: the text's length), the
 * bytes the session files write ({@link JournalFormat}), and a tenth of the heap of a tree of nodes. Reading decodes it
 * the way a value read back from the files or from Redis is decoded: a whole number as an int, long or big integer
 * node, any other number as an exact decimal node.
 *
 * <p>The common small values (a string without escapes, a whole number, true, false, null) are encoded and decoded
 * without a parser; the result is byte for byte what Jackson writes and reads. Stateless and thread-safe.
 */
final class StoredJson {
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    /** Whole numbers of up to this many characters (sign included) fit a long without a check. */
    private static final int FAST_NUMBER_CHARS = 18;

    private StoredJson() {
    }

    /**
     * @param value a JSON tree without POJO nodes, whose numbers fit {@link dev.sessionkit.api.data.JsonNumbers}
     * @return its compact JSON text in UTF-8, decimals in plain digits; a new array, or a shared constant for true,
     *         false and null (never modified)
     */
    static byte[] encode(JsonNode value) {
        if (value.isTextual()) {
            byte[] text = plainText(value.textValue());
            if (text != null) return text;
        } else if (value.isInt() || value.isLong() || value.isShort()) {
            return Long.toString(value.longValue()).getBytes(StandardCharsets.ISO_8859_1);
        } else if (value.isBoolean()) {
            return value.booleanValue() ? TRUE : FALSE;
        } else if (value.isNull()) {
            return NULL;
        }
        try {
            return Mappers.WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Checked values always write (PreparedWrite refuses what could not); Jackson declares the exception.
            throw new UncheckedIOException("Cannot encode a JSON value", e);
        }
    }

    /** @return the quoted UTF-8 of a string that needs no escape, or null when it needs one (left to Jackson) */
    private static byte[] plainText(String text) {
        int length = text.length();
        int utf8 = 2;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) return null;
            utf8 += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        byte[] bytes = new byte[utf8];
        bytes[0] = '"';
        if (utf8 == length + 2) {
            for (int i = 0; i < length; i++) {
                bytes[i + 1] = (byte) text.charAt(i); // all ASCII: one byte per char
            }
        } else {
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(encoded, 0, bytes, 1, encoded.length);
        }
        bytes[utf8 - 1] = '"';
        return bytes;
    }

    /**
     * @param bytes  holds the text
     * @param offset where it starts
     * @param length its length
     * @return the value it writes
     * @throws IllegalStateException when the bytes are not JSON (never for bytes {@link #encode} made)
     */
    static JsonNode decode(byte[] bytes, int offset, int length) {
        if (plainText(bytes, offset, length)) {
            return TextNode.valueOf(new String(bytes, offset + 1, length - 2, StandardCharsets.UTF_8));
        }
        if (shortWholeNumber(bytes, offset, length)) {
            long value = parseLong(bytes, offset, length);
            return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
        }
        if (is(TRUE, bytes, offset, length)) return BooleanNode.TRUE;
        if (is(FALSE, bytes, offset, length)) return BooleanNode.FALSE;
        if (is(NULL, bytes, offset, length)) return NullNode.instance;
        try {
            return Mappers.READER.readTree(bytes, offset, length);
        } catch (IOException e) {
            throw new IllegalStateException("A stored value is not JSON", e);
        }
    }

    /**
     * Whether a value's text is in the form {@link #encode} writes, as far as the files of an earlier host can differ:
     * they may hold a number with an exponent ({@code 1E+3}), which this host writes in plain digits and counts that
     * way. Looks for an exponent outside strings, without parsing.
     *
     * @param bytes  holds the text
     * @param offset where it starts
     * @param length its length
     * @return false when the text holds an exponent (re-encode it), else true
     */
    static boolean isCanonical(byte[] bytes, int offset, int length) {
        boolean inString = false;
        for (int i = offset; i < offset + length; i++) {
            byte c = bytes[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    /**
     * @param bytes  holds the text
     * @param offset where it starts
     * @param length its length
     * @return whether {@link #decode} reads it without a parser (a string without escapes, a whole number of up to 18
     *         characters, true, false, null): such a text is JSON as it is
     */
    static boolean isSimple(byte[] bytes, int offset, int length) {
        return plainText(bytes, offset, length) || shortWholeNumber(bytes, offset, length)
                || is(TRUE, bytes, offset, length) || is(FALSE, bytes, offset, length) || is(NULL, bytes, offset, length);
    }

    private static boolean plainText(byte[] bytes, int offset, int length) {
        return length >= 2 && bytes[offset] == '"' && bytes[offset + length - 1] == '"'
                && plain(bytes, offset + 1, offset + length - 1);
    }

    private static boolean shortWholeNumber(byte[] bytes, int offset, int length) {
        return length > 0 && length <= FAST_NUMBER_CHARS && wholeNumber(bytes, offset, length);
    }

    /** @return whether the inside of a quoted text holds no escape and no quote */
    private static boolean plain(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\\' || bytes[i] == '"') return false;
        }
        return true;
    }

    private static boolean wholeNumber(byte[] bytes, int offset, int length) {
        int start = bytes[offset] == '-' ? 1 : 0;
        if (start == length || (bytes[offset + start] == '0' && length > start + 1)) return false;
        for (int i = start; i < length; i++) {
            byte c = bytes[offset + i];
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static long parseLong(byte[] bytes, int offset, int length) {
        boolean negative = bytes[offset] == '-';
        long value = 0;
        for (int i = negative ? 1 : 0; i < length; i++) {
            value = value * 10 + (bytes[offset + i] - '0');
        }
        return negative ? -value : value;
    }

    private static boolean is(byte[] constant, byte[] bytes, int offset, int length) {
        if (length != constant.length) return false;
        for (int i = 0; i < length; i++) {
            if (bytes[offset + i] != constant[i]) return false;
        }
        return true;
    }

    /** @return the writer of values without a shortcut (decimals in plain digits), which {@link JsonSize} counts with */
    static ObjectMapper plainWriter() {
        return Mappers.WRITER;
    }

    /**
     * The Jackson mappers for values without a shortcut, made on first use: building one takes a noticeable part of a
     * cold start, and reading kept sessions of simple values needs none.
     */
    private static final class Mappers {
        static final ObjectMapper WRITER = JsonMapper.builder()
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        static final ObjectMapper READER = JsonMapper.builder()
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();

        private Mappers() {
        }
    }
}
