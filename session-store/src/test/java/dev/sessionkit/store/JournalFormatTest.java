package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records as the session files hold them: values are read back as this host holds and counts them, whichever host
 * wrote them, and a value no host writes is a record that does not decode.
 */
class JournalFormatTest {
    private static final SessionKey KEY = new SessionKey("shop", SessionKey.Kind.GLOBAL, "u-alice");

    /** A record of one session holding {@code n = 1000} and {@code note = "1000 e"}, as this host writes it. */
    private static byte[] record() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("n", IntNode.valueOf(1000));
        values.put("note", TextNode.valueOf("1000 e"));
        Parameters data = Parameters.EMPTY.put(PreparedWrite.of(values, Long.MAX_VALUE), false, PutOptions.DEFAULT
                .secretNames(), 100, new ArrayList<>());
        SessionRecord session = SessionRecord.create(ExpiryPolicy.started(SessionSpec.unbounded()), data, 0);
        return JournalFormat.encode(KEY, session);
    }

    /** @return the record with the first occurrence of {@code from} replaced by {@code to}, of the same length */
    private static byte[] replaced(byte[] record, String from, String to) {
        String text = new String(record, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        assertTrue(at >= 0, from + " is in the record");
        byte[] copy = record.clone();
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, copy, at, to.length());
        return copy;
    }

    @Test
    void aNumberAnEarlierHostWroteWithAnExponentIsHeldAndCountedInPlainDigits() throws IOException {
        // Hosts before values were held as text wrote decimals as Jackson's default writer does: 1E+5, not 100000.
        byte[] earlier = replaced(record(), "1000", "1E+5");

        Parameters data = JournalFormat.decode(1, earlier).record().data();

        assertEquals(100_000, data.get("n").intValue());
        assertEquals("1000 e", data.get("note").textValue(), "a string with an e is left as it is");
        assertEquals((1 + 6) + (4 + 8), data.bytes(), "counted as the host writes it: 100000, six digits");
    }

    @Test
    void aValueOfThisHostIsReadBackAsItWasHeld() throws IOException {
        Parameters data = JournalFormat.decode(1, record()).record().data();

        assertEquals(1000, data.get("n").intValue());
        assertEquals((1 + 4) + (4 + 8), data.bytes());
    }

    @Test
    void aValueThatIsNotJsonMakesTheRecordOneThatDoesNotDecode() {
        for (String[] damage : new String[][] {{"1000", "1E+x"}, {"1000", "[1,}"}, {"1000", "tru."}}) {
            byte[] broken = replaced(record(), damage[0], damage[1]);

            IOException failure = assertThrows(IOException.class, () -> JournalFormat.decode(1, broken),
                    damage[1]);
            assertTrue(failure.getMessage().contains("does not decode"), failure.getMessage());
        }
    }
}
