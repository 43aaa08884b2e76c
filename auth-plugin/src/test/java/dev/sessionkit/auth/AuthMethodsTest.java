package dev.sessionkit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.InputValidator;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.testkit.InMemoryAccounts;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.store.HostSessionStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Auth methods through the test kit: descriptors, inputs, outputs, and the host service's rules as callers see
 * them.
 */
class AuthMethodsTest {
    private static final String ADDRESS = "203.0.113.7";
    private final ObjectMapper json = new ObjectMapper();
    private final ManualClock clock = new ManualClock();
    private final HostSessionStore store = HostSessionStore.embedded(config -> config.clock = clock);
    private final InMemoryAccounts accounts = new InMemoryAccounts(clock, InMemoryAccounts.Limits.DEFAULTS,
            store::endUserSessions);
    private final TestExecutionContext anonymous = TestExecutionContext.of(store, "shop", clock)
            .withAccounts(accounts.anonymous(ADDRESS));

    @AfterEach
    void closeStore() {
        store.close();
    }

    private JsonNode call(TestExecutionContext context, PluginMethod method, String inputs) throws Exception {
        return context.call(method, json.readTree(inputs)).output();
    }

    private TestExecutionContext signedIn(String token) {
        return anonymous.withUser(accounts.verify(token)).withAccounts(accounts.bearer(token, ADDRESS));
    }

    @Test
    void thePluginContributesTheFourMethodsInPaletteOrderEachDescribedWithAValidExample() {
        List<MethodDescriptor> descriptors = new AuthMethods().methods().stream().map(PluginMethod::descriptor)
                .toList();
        assertEquals(List.of("auth.sign-in", "auth.sign-out", "auth.sign-up", "auth.change-password"),
                descriptors.stream().map(MethodDescriptor::id).toList());
        assertEquals(List.of("Sign In", "Sign Out", "Sign Up", "Change Password"),
                descriptors.stream().map(MethodDescriptor::name).toList());
        for (MethodDescriptor d : descriptors) {
            assertFalse(d.description().isBlank(), d.id());
            assertTrue(d.details().contains("### Errors") && d.details().contains("### Example"), d.id());
            assertFalse(d.output().help().isBlank(), d.id());
            assertNotNull(d.example(), d.id());
            InputValidator.validate(d, d.example().path("inputs"));
            for (InputDescriptor input : d.inputs()) {
                assertFalse(input.help().isBlank(), d.id() + "." + input.id());
                assertTrue(input.required(), d.id() + "." + input.id());
                assertEquals(input.id().toLowerCase().contains("password"), input.secret(),
                        d.id() + "." + input.id() + ": passwords, and only they, are secret");
            }
        }
        assertTrue(descriptors.get(1).requiresUser() && descriptors.get(3).requiresUser(),
                "sign-out and change-password need a signed-in caller");
    }

    @Test
    void signUpThenSignInAnswersLikeTheHostLoginWithTheTokenMarkedSecret() throws Exception {
        JsonNode user = call(anonymous, new SignUpMethod(), "{\"username\": \"Ada\", \"password\": "
                + "\"correct horse battery\"}");
        assertEquals("Ada", user.path("username").textValue());
        assertEquals("user", user.path("roleId").textValue());

        MethodResult result = anonymous.call(new SignInMethod(), json.readTree("{\"username\": \"ada\", "
                + "\"password\": \"correct horse battery\"}"));
        JsonNode output = result.output();
        assertEquals(List.of("token", "tokenType", "expiresAt", "user"), fieldNames(output));
        assertEquals("Bearer", output.path("tokenType").textValue());
        assertEquals("2026-01-01T08:00:00Z", output.path("expiresAt").textValue(), "the host's 8 h lifetime");
        assertEquals(user, output.path("user"));
        assertEquals(List.of("token"), result.meta().get("secret"));
        assertEquals(user.path("id").textValue(), accounts.verify(output.path("token").textValue()).id());
    }

    @Test
    void signUpCannotGrantARoleWhateverTheInputs() throws Exception {
        for (String extra : List.of("\"roleId\": \"admin\"", "\"role\": \"builder\"", "\"roleId\": \"builder\"")) {
            InvalidInputException refused = assertThrows(InvalidInputException.class, () -> call(anonymous,
                    new SignUpMethod(), "{\"username\": \"mallory\", \"password\": \"correct horse battery\", "
                            + extra + "}"));
            assertEquals("INVALID_INPUT", refused.code(), extra);
        }
        assertEquals("user", call(anonymous, new SignUpMethod(), "{\"username\": \"mallory\", \"password\": "
                + "\"correct horse battery\"}").path("roleId").textValue());
        assertEquals("USERNAME_TAKEN", assertThrows(ConflictException.class, () -> call(anonymous,
                new SignUpMethod(), "{\"username\": \"MALLORY\", \"password\": \"another passphrase\"}")).code());
    }

    @Test
    void wrongCredentialsAreA401NamingNothingAndRepeatedOnesAreThrottled() throws Exception {
        call(anonymous, new SignUpMethod(), "{\"username\": \"bob\", \"password\": \"correct horse battery\"}");
        for (int i = 0; i < InMemoryAccounts.Limits.DEFAULTS.failuresPerUsernameAndAddress(); i++) {
            UnauthorizedException wrong = assertThrows(UnauthorizedException.class, () -> call(anonymous,
                    new SignInMethod(), "{\"username\": \"bob\", \"password\": \"wrong password!!\"}"));
            assertEquals("INVALID_CREDENTIALS", wrong.code());
            assertEquals("Invalid credentials.", wrong.getMessage());
        }
        assertEquals("TOO_MANY_SIGN_IN_ATTEMPTS", assertThrows(TooManyRequestsException.class, () -> call(anonymous,
                new SignInMethod(), "{\"username\": \"bob\", \"password\": \"correct horse battery\"}")).code());
    }

    @Test
    void signOutRevokesTheTokenAndEndsTheGlobalSession() throws Exception {
        call(anonymous, new SignUpMethod(), "{\"username\": \"cleo\", \"password\": \"correct horse battery\"}");
        String token = call(anonymous, new SignInMethod(), "{\"username\": \"cleo\", \"password\": "
                + "\"correct horse battery\"}").path("token").textValue();
        TestExecutionContext cleo = signedIn(token);
        SessionRef.Global global = cleo.globalSession();
        store.put(global, Map.of("basketToken", IntNode.valueOf(7)), PutOptions.DEFAULT);

        JsonNode out = call(cleo, new SignOutMethod(), "{}");
        assertEquals("cleo", out.path("user").path("username").textValue());
        assertTrue(out.path("tokenRevoked").booleanValue());
        assertEquals(1, out.path("sessionsEnded").intValue());
        assertFalse(store.exists(global));
        assertEquals("TOKEN_REVOKED", assertThrows(UnauthorizedException.class, () -> accounts.verify(token)).code());
        assertEquals("AUTHENTICATION_REQUIRED", assertThrows(UnauthorizedException.class,
                () -> call(anonymous, new SignOutMethod(), "{}")).code());
    }

    @Test
    void aTestRunAsAChosenUserEndsTheirSessionsAndRevokesNoToken() throws Exception {
        UserIdentity dan = accounts.anonymous(ADDRESS).signUp("dan", "correct horse battery");
        TestExecutionContext run = anonymous.withUser(dan).withAccounts(accounts.user(dan, ADDRESS));
        JsonNode out = call(run, new SignOutMethod(), "{}");
        assertFalse(out.path("tokenRevoked").booleanValue());
        assertEquals(0, out.path("sessionsEnded").intValue());
    }

    @Test
    void changePasswordNeedsTheCurrentOneAndChangesOnlyTheCallersOwn() throws Exception {
        call(anonymous, new SignUpMethod(), "{\"username\": \"eve\", \"password\": \"correct horse battery\"}");
        String token = call(anonymous, new SignInMethod(), "{\"username\": \"eve\", \"password\": "
                + "\"correct horse battery\"}").path("token").textValue();
        TestExecutionContext eve = signedIn(token);
        assertEquals("INVALID_CREDENTIALS", assertThrows(UnauthorizedException.class, () -> call(eve,
                new ChangePasswordMethod(), "{\"currentPassword\": \"not it at all\", \"newPassword\": "
                        + "\"a new long passphrase\"}")).code());
        assertEquals("INVALID_INPUT", assertThrows(InvalidInputException.class, () -> call(eve,
                new ChangePasswordMethod(), "{\"currentPassword\": \"correct horse battery\", \"newPassword\": "
                        + "\"a new long passphrase\", \"username\": \"admin\"}")).code(), "no way to name a user");
        assertEquals("eve", call(eve, new ChangePasswordMethod(), "{\"currentPassword\": \"correct horse battery\", "
                + "\"newPassword\": \"a new long passphrase\"}").path("username").textValue());
        assertEquals("eve", call(anonymous, new SignInMethod(), "{\"username\": \"eve\", \"password\": "
                + "\"a new long passphrase\"}").path("user").path("username").textValue());
        assertEquals("AUTHENTICATION_REQUIRED", assertThrows(UnauthorizedException.class, () -> call(anonymous,
                new ChangePasswordMethod(), "{\"currentPassword\": \"x\", \"newPassword\": \"y\"}")).code());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
