package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the history and the test panel show of an execution hides each secret value wherever it went. */
class SecretValuesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void withoutSecretsEveryValueIsReturnedAsItIs() throws Exception {
        SecretValues secrets = new SecretValues();
        JsonNode message = MAPPER.readTree("{\"key\": \"k-123\", \"n\": [1, 2]}");
        assertTrue(secrets.isEmpty());
        assertSame(message, secrets.redact(message));
        secrets.add(null);
        secrets.add(TextNode.valueOf(""));
        secrets.add(BooleanNode.TRUE);
        secrets.add(NullNode.instance);
        assertTrue(secrets.isEmpty(), "empty texts, booleans and nulls are never secret values");
    }

    @Test
    void equalTextsAndNumbersAreHiddenAnywhereAndTheInputIsNotModified() throws Exception {
        SecretValues secrets = new SecretValues();
        secrets.add(TextNode.valueOf("k-123"));
        secrets.add(IntNode.valueOf(4111));
        String text = "{\"key\": \"k-123\", \"card\": 4111, \"other\": 4112, \"deep\": {\"list\": [\"k-123\", \"ok\"]},"
                + " \"same\": \"unchanged\"}";
        JsonNode message = MAPPER.readTree(text);

        JsonNode shown = secrets.redact(message);
        assertEquals(MAPPER.readTree("{\"key\": \"***\", \"card\": \"***\", \"other\": 4112, \"deep\": {\"list\": "
                + "[\"***\", \"ok\"]}, \"same\": \"unchanged\"}"), shown);
        assertEquals(MAPPER.readTree(text), message, "the value given is never modified");
        assertSame(message.get("same"), shown.get("same"), "parts without secrets are not copied");
    }

    @Test
    void longerSecretTextsAreHiddenInsideTextsShortOnesOnlyWhenEqual() throws Exception {
        SecretValues secrets = new SecretValues();
        secrets.add(TextNode.valueOf("abc123"));
        secrets.add(TextNode.valueOf("no"));
        JsonNode shown = secrets.redact(MAPPER.readTree(
                "{\"auth\": \"Bearer abc123\", \"twice\": \"abc123/abc123\", \"word\": \"nothing\", \"answer\": \"no\"}"));
        assertEquals(MAPPER.readTree(
                "{\"auth\": \"Bearer ***\", \"twice\": \"***/***\", \"word\": \"nothing\", \"answer\": \"***\"}"), shown);
    }

    @Test
    void valuesAreComparedByTheirTextWhateverTheirJsonType() throws Exception {
        SecretValues secrets = new SecretValues();
        secrets.add(TextNode.valueOf("12345678"));
        secrets.add(IntNode.valueOf(4111));
        assertEquals(MAPPER.readTree("[\"***\", \"***\", \"***\", \"card ***\"]"),
                secrets.redact(MAPPER.readTree("[12345678, \"4111\", 4111, \"card 4111\"]")));
    }

    @Test
    void theLongestSecretIsHiddenFirstInsideTexts() throws Exception {
        SecretValues secrets = new SecretValues();
        secrets.add(TextNode.valueOf("abcd"));
        secrets.add(TextNode.valueOf("abcdefgh"));
        assertEquals(TextNode.valueOf("key ***, prefix ***"),
                secrets.redact(TextNode.valueOf("key abcdefgh, prefix abcd")));
    }

    @Test
    void aSecretObjectOrArrayMakesEachOfItsLongerTextsAndNumbersSecret() throws Exception {
        SecretValues secrets = new SecretValues();
        secrets.add(MAPPER.readTree("{\"user\": \"svc-account\", \"pins\": [9876], \"active\": true, \"retries\": 1,"
                + " \"region\": \"eu\"}"));
        assertEquals(MAPPER.readTree("[\"***\", \"***\", true, 1, \"eu\"]"),
                secrets.redact(MAPPER.readTree("[\"svc-account\", 9876, true, 1, \"eu\"]")),
                "short values inside a secret object are not secret values on their own");
        secrets.add(IntNode.valueOf(7));
        assertEquals(Redaction.HIDDEN, secrets.redact(IntNode.valueOf(7)), "a secret value given alone is, however short");
    }

    @Test
    void parallelBranchesAddSecretsConcurrently() throws Exception {
        SecretValues secrets = new SecretValues();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> adding = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                adding.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) secrets.add(TextNode.valueOf("secret-" + thread + "-" + i));
                }));
            }
            for (Future<?> future : adding) future.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < 500; i += 99) {
                assertEquals(Redaction.HIDDEN, secrets.redact(TextNode.valueOf("secret-" + t + "-" + i)));
            }
        }
    }
}
