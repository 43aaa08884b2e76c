package dev.sessionkit.session;

import static dev.sessionkit.session.SessionFixture.call;
import static dev.sessionkit.session.SessionFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.session.parameters.GetParametersMethod;
import dev.sessionkit.session.parameters.SetParametersMethod;
import dev.sessionkit.session.user.GetRoleIdMethod;
import dev.sessionkit.session.user.GetUserIdMethod;
import dev.sessionkit.session.user.GetUsernameMethod;
import dev.sessionkit.session.user.UserFieldMethod;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Get UserName, Get UserId and Get Role Id. */
class UserMethodsTest {
    private final SessionFixture fixture = new SessionFixture();

    @AfterEach
    void closeStore() {
        fixture.close();
    }

    @Test
    void answerTheVerifiedUserAndTheSessionCopyCannotBeChanged() {
        TestExecutionContext alice = fixture.alice();
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> call(alice,
                new SetParametersMethod(), "{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"username\", "
                        + "\"dataType\": \"STRING\", \"value\": \"mallory\"}]}"));
        assertEquals("RESERVED_PARAMETER", refused.code());
        assertEquals(json("{\"username\": \"alice\"}"), call(alice, new GetParametersMethod(),
                "{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"username\"}]}").output());
        assertEquals(json("\"alice\""), call(alice, new GetUsernameMethod(), "{}").output());
        assertEquals(json("\"u-alice\""), call(alice, new GetUserIdMethod(), "{}").output());
        assertEquals(json("\"builder\""), call(alice, new GetRoleIdMethod(), "{}").output());
    }

    @Test
    void withoutAUserEachIs401() {
        for (UserFieldMethod method : List.of(new GetUsernameMethod(), new GetUserIdMethod(),
                new GetRoleIdMethod())) {
            UnauthorizedException error = assertThrows(UnauthorizedException.class,
                    () -> call(fixture.anonymous(), method, "{}"));
            assertEquals("AUTHENTICATION_REQUIRED", error.code());
            assertThrows(UnauthorizedException.class, () -> method.invoke(fixture.anonymous(), json("{}")
                    .deepCopy()), "the method itself refuses, not only the host");
        }
    }
}
