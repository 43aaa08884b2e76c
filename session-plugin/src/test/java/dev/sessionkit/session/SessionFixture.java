package dev.sessionkit.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.store.HostSessionStore;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/**
 * A real {@link CaffeineSessionStore} on a {@link ManualClock}, with executions for two users in two apps, and the
 * assertions the method tests share.
 */
final class SessionFixture implements AutoCloseable {
    static final String SHOP = "shop";
    static final String CRM = "crm";
    static final UserIdentity ALICE = new UserIdentity("u-alice", "alice", "builder");
    static final UserIdentity BOB = new UserIdentity("u-bob", "bob", "user");

    private static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock();
    final HostSessionStore store;

    SessionFixture() {
        this(SessionLimits.DEFAULTS);
    }

    SessionFixture(SessionLimits limits) {
        store = HostSessionStore.embedded(config -> {
            config.clock = clock;
            config.limits = limits;
            config.promptExpiry = false;
        });
    }

    /** @return a new anonymous execution in the shop app */
    TestExecutionContext anonymous() {
        return TestExecutionContext.of(store, SHOP, clock);
    }

    /** @return a new execution of the user in the app */
    TestExecutionContext as(UserIdentity user, String appId) {
        return TestExecutionContext.of(store, appId, clock).withUser(user);
    }

    /** @return a new execution of alice in the shop app */
    TestExecutionContext alice() {
        return as(ALICE, SHOP);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MethodResult call(TestExecutionContext context, PluginMethod method, String inputs) {
        return context.call(method, json(inputs));
    }

    /** Asserts a 400 INVALID_INPUT whose single violation names the field and has the code. */
    @SuppressWarnings("unchecked")
    static InvalidInputException assertInvalid(String field, String violationCode, Executable call) {
        InvalidInputException error = assertThrows(InvalidInputException.class, call);
        assertEquals("INVALID_INPUT", error.code(), error.getMessage());
        List<Map<String, Object>> violations = (List<Map<String, Object>>) error.details().get("violations");
        assertEquals(field, violations.get(0).get("field"), error.getMessage());
        assertEquals(violationCode, violations.get(0).get("code"), error.getMessage());
        return error;
    }

    @Override
    public void close() {
        store.close();
    }
}
