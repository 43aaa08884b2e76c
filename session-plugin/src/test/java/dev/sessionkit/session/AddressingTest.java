package dev.sessionkit.session;

import static dev.sessionkit.session.SessionFixture.ALICE;
import static dev.sessionkit.session.SessionFixture.BOB;
import static dev.sessionkit.session.SessionFixture.CRM;
import static dev.sessionkit.session.SessionFixture.SHOP;
import static dev.sessionkit.session.SessionFixture.assertInvalid;
import static dev.sessionkit.session.SessionFixture.call;
import static dev.sessionkit.session.SessionFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.session.lifecycle.StartSessionMethod;
import dev.sessionkit.session.parameters.GetParametersMethod;
import dev.sessionkit.session.parameters.SetParametersMethod;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The addressing inputs every data method shares: resolution, its errors, and isolation between sessions. */
class AddressingTest {
    private static final List<String> ADDRESSED = List.of("session.set-parameters", "session.get-parameters",
            "session.delete-parameters", "session.end", "session.clear", "session.touch", "session.info");

    private final SessionFixture fixture = new SessionFixture();
    private final SetParametersMethod set = new SetParametersMethod();
    private final GetParametersMethod get = new GetParametersMethod();

    @AfterEach
    void closeStore() {
        fixture.close();
    }

    /** The method's own example inputs with the addressing replaced, so each call is otherwise valid. */
    private static String exampleWith(PluginMethod method, String addressing) {
        ObjectNode inputs = method.descriptor().example().get("inputs").deepCopy();
        inputs.remove(List.of("scope", "sessionName", "token"));
        inputs.setAll((ObjectNode) json(addressing));
        return inputs.toString();
    }

    private static List<PluginMethod> addressedMethods() {
        return new SessionMethods().methods().stream().filter(m -> ADDRESSED.contains(m.descriptor().id())).toList();
    }

    @Test
    void sharedWithoutANameAndTokenWithoutATokenAre400NamingTheInput() {
        for (PluginMethod method : new SessionMethods().methods()) {
            if (!method.descriptor().input("scope").isPresent()) {
                continue;
            }
            String id = method.descriptor().id();
            InvalidInputException noName = assertInvalid("sessionName", "REQUIRED",
                    () -> call(fixture.anonymous(), method, exampleWith(method, "{\"scope\": \"SHARED\"}")));
            assertEquals("'sessionName' is required and must not be blank. Scope SHARED addresses a session by its "
                    + "name: set 'sessionName'.", noName.getMessage(), id);
            assertInvalid("token", "REQUIRED", () -> call(fixture.anonymous(), method,
                    exampleWith(method, "{\"scope\": \"TOKEN\", \"token\": \"  \"}")));
        }
    }

    @Test
    void globalWithoutAUserIs401() {
        for (PluginMethod method : new SessionMethods().methods()) {
            if (method.descriptor().input("scope").isPresent()) {
                UnauthorizedException error = assertThrows(UnauthorizedException.class, () -> call(
                        fixture.anonymous(), method, exampleWith(method, "{\"scope\": \"GLOBAL\"}")),
                        method.descriptor().id());
                assertEquals("AUTHENTICATION_REQUIRED", error.code());
            }
        }
    }

    @Test
    void missingTokenAndSharedSessionsAre404ForEveryMethodButExists() {
        for (PluginMethod method : addressedMethods()) {
            String id = method.descriptor().id();
            NotFoundException token = assertThrows(NotFoundException.class, () -> call(fixture.anonymous(), method,
                    exampleWith(method, "{\"scope\": \"TOKEN\", \"token\": \"no-such-token\"}")), id);
            assertEquals("SESSION_NOT_FOUND", token.code(), id);
            assertFalse(token.getMessage().contains("no-such-token"), id + " never shows the token");
            NotFoundException shared = assertThrows(NotFoundException.class, () -> call(fixture.anonymous(), method,
                    exampleWith(method, "{\"scope\": \"SHARED\", \"sessionName\": \"nope\"}")), id);
            assertEquals("SESSION_NOT_FOUND", shared.code(), id);
        }
    }

    @Test
    void addressingInputsOfOtherScopesAreIgnored() {
        TestExecutionContext context = fixture.anonymous();
        call(context, set, "{\"scope\": \"LOCAL\", \"token\": \"stale\", \"sessionName\": \"stale\", \"parameters\": "
                + "[{\"name\": \"a\", \"dataType\": \"STRING\", \"value\": \"local\"}]}");
        assertEquals(json("{\"a\": \"local\"}"), call(context, get, "{\"parameters\": [{\"name\": \"a\"}]}").output());
    }

    @Test
    void globalSessionsAreIsolatedPerUserAndPerApp() {
        List<TestExecutionContext> contexts = List.of(fixture.as(ALICE, SHOP), fixture.as(ALICE, CRM),
                fixture.as(BOB, SHOP), fixture.as(BOB, CRM));
        for (TestExecutionContext context : contexts) {
            String owner = context.user().map(UserIdentity::username).orElseThrow() + "@" + context.appId();
            call(context, set, "{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"owner\", \"dataType\": "
                    + "\"STRING\", \"value\": \"" + owner + "\"}]}");
        }
        for (TestExecutionContext context : contexts) {
            String owner = context.user().map(UserIdentity::username).orElseThrow() + "@" + context.appId();
            TestExecutionContext later = fixture.as(context.user().orElseThrow(), context.appId());
            assertEquals(json("{\"owner\": \"" + owner + "\"}"), call(later, get,
                    "{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"owner\"}]}").output());
        }
    }

    @Test
    void localSessionsBelongToOneExecution() {
        TestExecutionContext first = fixture.anonymous();
        call(first, set, "{\"parameters\": [{\"name\": \"a\", \"dataType\": \"STRING\", \"value\": \"1\"}]}");
        assertEquals(json("{\"a\": \"1\"}"), call(first.withMessage(json("{}")), get,
                "{\"parameters\": [{\"name\": \"a\"}]}").output(), "same execution, same LOCAL session");
        assertEquals(json("{}"), call(fixture.anonymous(), get, "{\"parameters\": [{\"name\": \"a\"}]}").output());
    }

    @Test
    void sharedSessionsAreCommonToEveryCallerOfTheAppAndOnlyThatApp() {
        TestExecutionContext starter = fixture.anonymous();
        call(starter, new StartSessionMethod(), "{\"name\": \"settings\"}");
        call(fixture.alice(), set, "{\"scope\": \"SHARED\", \"sessionName\": \"settings\", \"parameters\": "
                + "[{\"name\": \"theme\", \"dataType\": \"STRING\", \"value\": \"dark\"}]}");
        assertEquals(json("{\"theme\": \"dark\"}"), call(fixture.as(BOB, SHOP), get,
                "{\"scope\": \"SHARED\", \"sessionName\": \"settings\", \"parameters\": [{\"name\": \"theme\"}]}")
                .output());
        assertThrows(NotFoundException.class, () -> call(fixture.as(BOB, CRM), get,
                "{\"scope\": \"SHARED\", \"sessionName\": \"settings\", \"parameters\": [{\"name\": \"theme\"}]}"));
    }
}
