package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link ExecutionHistory} contract in one host's memory, and the history form of a result. */
class InMemoryExecutionHistoryTest extends ExecutionHistoryContract {
    @Override
    protected ExecutionHistory newHistory(int perFlow) {
        return new InMemoryExecutionHistory(perFlow);
    }

    @Test
    void theHistoryHoldsNoSecretValueItWouldOnlyHideWhenRead() throws Exception {
        SecretValues secrets = new SecretValues();
        secrets.add(TextNode.valueOf("k-98765"));
        JsonNode message = MAPPER.readTree("{\"auth\": \"Bearer k-98765\", \"sku\": \"A-1\"}");
        ExecutionResult result = new ExecutionResult("e1", "app", "f", null, null, Instant.EPOCH, 1, message, null,
                List.of(new TraceEntry("s", "s", "test.value", message, message, 1, null)), null, null, secrets);

        ExecutionResult kept = result.forHistory();
        assertEquals(MAPPER.readTree("{\"auth\": \"Bearer ***\", \"sku\": \"A-1\"}"), kept.response());
        assertEquals(kept.response(), kept.trace().get(0).input());
        assertEquals(kept.response(), kept.trace().get(0).output());
        assertEquals("Bearer k-98765", result.response().path("auth").asText(), "the caller's response is untouched");
    }
}
