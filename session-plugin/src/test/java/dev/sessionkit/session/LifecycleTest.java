package dev.sessionkit.session;

import static dev.sessionkit.session.SessionFixture.assertInvalid;
import static dev.sessionkit.session.SessionFixture.call;
import static dev.sessionkit.session.SessionFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.session.lifecycle.ClearSessionMethod;
import dev.sessionkit.session.lifecycle.EndSessionMethod;
import dev.sessionkit.session.lifecycle.ExtendSessionMethod;
import dev.sessionkit.session.lifecycle.OpenSharedSessionMethod;
import dev.sessionkit.session.lifecycle.SessionExistsMethod;
import dev.sessionkit.session.lifecycle.SessionInfoMethod;
import dev.sessionkit.session.lifecycle.StartSessionMethod;
import dev.sessionkit.session.parameters.GetParametersMethod;
import dev.sessionkit.session.parameters.SetParametersMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start, Open, Exist, Extend, Info, Clear and End Session, with expiry driven by a manual clock. */
class LifecycleTest {
    private final SessionFixture fixture = new SessionFixture();
    private final TestExecutionContext context = fixture.anonymous();

    @AfterEach
    void closeStore() {
        fixture.close();
    }

    private String start(String inputs) {
        return call(context, new StartSessionMethod(), inputs).output().get("token").asText();
    }

    private static String byToken(String token) {
        return "\"scope\": \"TOKEN\", \"token\": \"" + token + "\"";
    }

    private void setA(String addressing) {
        call(context, new SetParametersMethod(), "{" + addressing + ", \"parameters\": [{\"name\": \"a\", "
                + "\"dataType\": \"STRING\", \"value\": \"1\"}]}");
    }

    private JsonNode getA(String addressing) {
        return call(context, new GetParametersMethod(), "{" + addressing + ", \"parameters\": [{\"name\": \"a\"}]}")
                .output();
    }

    private boolean exists(String addressing) {
        return call(context, new SessionExistsMethod(), "{" + addressing + "}").output().asBoolean();
    }

    private JsonNode info(String addressing) {
        return call(context, new SessionInfoMethod(), "{" + addressing + "}").output();
    }

    private void advanceSeconds(long seconds) {
        fixture.clock.advance(Duration.ofSeconds(seconds));
    }

    @Test
    void startReturnsAnUnguessableTokenAndWhenItExpires() {
        MethodResult started = call(context, new StartSessionMethod(), "{\"ttlSeconds\": 600}");
        String token = started.output().get("token").asText();
        assertTrue(token.length() >= 22, "at least 128 random bits: " + token.length());
        assertEquals(json("\"2026-01-01T00:10:00Z\""), started.output().get("expiresAt"));
        assertEquals(List.of("expiresAt", "token"), sortedFields(started.output()));
        assertEquals(false, started.meta().get("shared"));
        assertEquals(List.of("token"), started.meta().get("secret"), "traces and the history hide the token");
        assertFalse(started.meta().get("sessionId").toString().contains(token));
        assertFalse(token.equals(start("{}")), "every session gets its own token");
        assertEquals(json("null"), call(context, new StartSessionMethod(), "{}").output().get("expiresAt"));
    }

    @Test
    void aSessionWithATtlExpiresAndIsThenNotFound() {
        String token = start("{\"ttlSeconds\": 600}");
        setA(byToken(token));
        advanceSeconds(599);
        assertEquals(json("{\"a\": \"1\"}"), getA(byToken(token)));
        advanceSeconds(1);
        assertFalse(exists(byToken(token)));
        NotFoundException gone = assertThrows(NotFoundException.class, () -> getA(byToken(token)));
        assertEquals("SESSION_NOT_FOUND", gone.code());
    }

    @Test
    void readsAndWritesExtendAnIdleTimeoutUnlessTurnedOff() {
        String sliding = start("{\"idleTimeoutSeconds\": 60}");
        String fixed = start("{\"idleTimeoutSeconds\": 60, \"extendOnGet\": false, \"extendOnSet\": false}");
        setA(byToken(sliding));
        setA(byToken(fixed));
        advanceSeconds(50);
        getA(byToken(sliding));
        getA(byToken(fixed));
        advanceSeconds(50);
        assertTrue(exists(byToken(sliding)), "a read restarted the idle timer");
        assertFalse(exists(byToken(fixed)), "reads do not count when extendOnGet is false");
        advanceSeconds(10);
        assertFalse(exists(byToken(sliding)));
    }

    @Test
    void deleteDataOnExpiryKeepsTheSessionUsable() {
        String token = start("{\"ttlSeconds\": 60, \"onExpiry\": \"DELETE_DATA\"}");
        setA(byToken(token));
        advanceSeconds(61);
        assertTrue(exists(byToken(token)));
        assertEquals(json("{}"), getA(byToken(token)));
        setA(byToken(token));
        assertEquals(json("{\"a\": \"1\"}"), getA(byToken(token)));
    }

    @Test
    void startRefusesOutOfRangeDurationsAndUnknownOptions() {
        assertInvalid("ttlSeconds", "OUT_OF_RANGE", () -> start("{\"ttlSeconds\": 0}"));
        assertInvalid("idleTimeoutSeconds", "OUT_OF_RANGE", () -> start("{\"idleTimeoutSeconds\": -5}"));
        assertInvalid("ttlSeconds", "OUT_OF_RANGE", () -> start("{\"ttlSeconds\": 9223372036854775807}"));
        assertInvalid("ttlSeconds", "TYPE_MISMATCH", () -> start("{\"ttlSeconds\": \"1.5\"}"));
        assertInvalid("onExpiry", "NOT_ALLOWED", () -> start("{\"onExpiry\": \"NEVER\"}"));
        assertEquals(json("\"2026-01-01T00:01:30Z\""), call(context, new StartSessionMethod(),
                "{\"ttlSeconds\": \"90\"}").output().get("expiresAt"), "\"90\" is coerced to the INTEGER 90");
    }

    @Test
    void aNamedSessionIsSharedOpenableAndItsNameUnique() {
        MethodResult started = call(context, new StartSessionMethod(), "{\"name\": \"settings\"}");
        assertEquals(true, started.meta().get("shared"));
        String token = started.output().get("token").asText();
        ConflictException taken = assertThrows(ConflictException.class, () -> start("{\"name\": \"settings\"}"));
        assertEquals("SESSION_NAME_TAKEN", taken.code());
        MethodResult opened = call(fixture.alice(), new OpenSharedSessionMethod(), "{\"sessionName\": \"settings\"}");
        assertEquals(token, opened.output().get("token").asText());
        setA("\"scope\": \"SHARED\", \"sessionName\": \"settings\"");
        assertEquals(json("{\"a\": \"1\"}"), getA(byToken(token)), "the token reaches the SHARED session");
        assertThrows(NotFoundException.class, () -> call(context, new OpenSharedSessionMethod(),
                "{\"sessionName\": \"other\"}"));
        assertInvalid("sessionName", "REQUIRED", () -> call(context, new OpenSharedSessionMethod(), "{}"));
        call(context, new EndSessionMethod(), "{\"scope\": \"SHARED\", \"sessionName\": \"settings\"}");
        assertFalse(start("{\"name\": \"settings\"}").equals(token), "an ended name is free again");
    }

    @Test
    void extendRestartsTheTtlAndTheIdleTimer() {
        String token = start("{\"ttlSeconds\": 600}");
        advanceSeconds(500);
        assertEquals(json("{\"expiresAt\": \"2026-01-01T00:18:20Z\", \"remainingSeconds\": 600}"),
                call(context, new ExtendSessionMethod(), "{" + byToken(token) + "}").output());
        advanceSeconds(599);
        assertTrue(exists(byToken(token)));
        assertEquals(1800, call(fixture.alice(), new ExtendSessionMethod(), "{\"scope\": \"GLOBAL\"}").output()
                .get("remainingSeconds").asInt());
    }

    @Test
    void infoDescribesTheSessionWithoutItsToken() {
        String token = start("{\"idleTimeoutSeconds\": 120}");
        setA(byToken(token));
        advanceSeconds(30);
        JsonNode info = info(byToken(token));
        assertEquals(List.of("bytes", "createdAt", "expiresAt", "keyCount", "remainingSeconds", "scope",
                "sessionId", "shared", "version"), sortedFields(info));
        assertEquals("TOKEN", info.get("scope").asText());
        assertFalse(info.get("shared").asBoolean());
        assertEquals(1, info.get("keyCount").asInt());
        assertEquals(1, info.get("version").asLong());
        assertTrue(info.get("bytes").asLong() > 0);
        assertEquals("2026-01-01T00:00:00Z", info.get("createdAt").asText());
        assertEquals("2026-01-01T00:02:00Z", info.get("expiresAt").asText(), "info does not renew");
        assertEquals(90, info.get("remainingSeconds").asInt());
        assertFalse(info.toString().contains(token));
    }

    @Test
    void infoCreatesAnUnusedLocalOrGlobalSession() {
        JsonNode global = call(fixture.alice(), new SessionInfoMethod(), "{\"scope\": \"GLOBAL\"}").output();
        assertEquals("GLOBAL", global.get("scope").asText());
        assertEquals(2, global.get("keyCount").asInt(), "username and roleId");
        assertEquals(0, info("\"scope\": \"LOCAL\"").get("keyCount").asInt());
    }

    @Test
    void clearDeletesTheDataButKeepsTheSession() {
        String token = start("{}");
        setA(byToken(token));
        assertEquals(json("{\"deleted\": 1}"), call(context, new ClearSessionMethod(), "{" + byToken(token) + "}")
                .output());
        assertTrue(exists(byToken(token)));
        assertEquals(json("{}"), getA(byToken(token)));
        TestExecutionContext alice = fixture.alice();
        assertEquals(json("{\"deleted\": 0}"), call(alice, new ClearSessionMethod(), "{\"scope\": \"GLOBAL\"}")
                .output(), "clearing creates nothing");
        call(alice, new ExtendSessionMethod(), "{\"scope\": \"GLOBAL\"}");
        assertEquals(json("{\"deleted\": 0}"), call(alice, new ClearSessionMethod(), "{\"scope\": \"GLOBAL\"}")
                .output(), "a GLOBAL session keeps its read-only username and roleId");
        assertEquals(2, call(alice, new SessionInfoMethod(), "{\"scope\": \"GLOBAL\"}").output().get("keyCount")
                .asInt());
    }

    @Test
    void endDeletesTheSessionAndATokenSessionEndsOnce() {
        String token = start("{}");
        setA(byToken(token));
        assertTrue(exists(byToken(token)));
        assertEquals(json("{\"ended\": true}"), call(context, new EndSessionMethod(), "{" + byToken(token) + "}")
                .output());
        assertFalse(exists(byToken(token)));
        assertThrows(NotFoundException.class, () -> call(context, new EndSessionMethod(), "{" + byToken(token)
                + "}"));
        assertEquals(json("{\"ended\": false}"), call(fixture.anonymous(), new EndSessionMethod(), "{}").output(),
                "an unused LOCAL session had nothing to end");
    }

    @Test
    void endingAGlobalSessionStartsTheUserAfresh() {
        TestExecutionContext alice = fixture.alice();
        call(alice, new SetParametersMethod(), "{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"cart\", "
                + "\"dataType\": \"STRING\", \"value\": \"full\"}]}");
        assertTrue(call(alice, new SessionExistsMethod(), "{\"scope\": \"GLOBAL\"}").output().asBoolean());
        assertEquals(json("{\"ended\": true}"), call(alice, new EndSessionMethod(), "{\"scope\": \"GLOBAL\"}")
                .output());
        assertTrue(call(alice, new SessionExistsMethod(), "{\"scope\": \"GLOBAL\"}").output().asBoolean(),
                "the user still has a GLOBAL session, afresh");
        assertEquals(json("{\"username\": \"alice\"}"), call(alice, new GetParametersMethod(), "{\"scope\": "
                + "\"GLOBAL\", \"parameters\": [{\"name\": \"cart\"}, {\"name\": \"username\"}]}").output());
    }

    @Test
    void aSignedInCallersGlobalSessionExistsFromSignInWithoutBeingCreated() {
        TestExecutionContext alice = fixture.alice();
        assertTrue(call(alice, new SessionExistsMethod(), "{\"scope\": \"GLOBAL\"}").output().asBoolean());
        assertFalse(alice.sessions().exists(alice.globalSession()), "exists creates nothing");
        assertThrows(UnauthorizedException.class,
                () -> call(fixture.anonymous(), new SessionExistsMethod(), "{\"scope\": \"GLOBAL\"}"));
    }

    @Test
    void existsAnswersFalseForMissingSessionsInsteadOf404() {
        assertFalse(exists(byToken("never-issued")));
        assertFalse(exists("\"scope\": \"SHARED\", \"sessionName\": \"none\""));
        assertFalse(exists("\"scope\": \"LOCAL\""), "nothing has used this LOCAL session yet");
        setA("\"scope\": \"LOCAL\"");
        assertTrue(exists("\"scope\": \"LOCAL\""));
    }

    private static List<String> sortedFields(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }
}
