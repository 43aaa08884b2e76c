package com.example.greeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.store.HostSessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GreetingPluginTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ManualClock clock = new ManualClock();
    private final HostSessionStore store = HostSessionStore.embedded(config -> config.clock = clock);
    private final TestExecutionContext context = TestExecutionContext.of(store, "demo", clock);

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void greetsByName() throws Exception {
        assertEquals("Hello, Ada!", context.call(new GreetingPlugin.Greet(), json.readTree("{\"name\": \"Ada\"}"))
                .output().textValue());
    }

    @Test
    void greetsTheSignedInUserByDefault() throws Exception {
        TestExecutionContext signedIn = context.withUser(new UserIdentity("u1", "ada", "user"));
        assertEquals("Hello, ada!", signedIn.call(new GreetingPlugin.Greet(), json.readTree("{}")).output()
                .textValue());
    }

    @Test
    void refusesAWrongInputAndAnAnonymousDefault() throws Exception {
        assertThrows(InvalidInputException.class,
                () -> context.call(new GreetingPlugin.Greet(), json.readTree("{\"name\": {\"first\": \"Ada\"}}")));
        assertThrows(UnauthorizedException.class, () -> context.call(new GreetingPlugin.Greet(), json.readTree("{}")));
    }
}
