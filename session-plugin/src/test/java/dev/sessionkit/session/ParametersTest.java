package dev.sessionkit.session;

import static dev.sessionkit.session.SessionFixture.assertInvalid;
import static dev.sessionkit.session.SessionFixture.call;
import static dev.sessionkit.session.SessionFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.session.parameters.DeleteParametersMethod;
import dev.sessionkit.session.parameters.GetParametersMethod;
import dev.sessionkit.session.parameters.SetParametersMethod;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Set, Get and Delete Parameters against the real store. */
class ParametersTest {
    private final SessionFixture fixture = new SessionFixture();
    private final SetParametersMethod set = new SetParametersMethod();
    private final GetParametersMethod get = new GetParametersMethod();
    private final DeleteParametersMethod delete = new DeleteParametersMethod();

    @AfterEach
    void closeStore() {
        fixture.close();
    }

    @Test
    void storesTypedValuesAndReadsThemBack() {
        TestExecutionContext context = fixture.anonymous();
        MethodResult stored = call(context, set, """
                {"parameters": [
                  {"name": "qty", "dataType": "INTEGER", "value": "42"},
                  {"name": "price", "dataType": "NUMBER", "valueType": "STATIC", "value": "9.90"},
                  {"name": "gift", "dataType": "BOOLEAN", "value": "true"},
                  {"name": "cart", "dataType": "OBJECT", "value": {"items": [1, 2]}},
                  {"name": "at", "dataType": "DATETIME", "value": "2026-11-22T10:15:30+01:00"}]}""");
        assertEquals(json("""
                {"qty": 42, "price": "9.90", "gift": true, "cart": {"items": [1, 2]},
                 "at": "2026-11-22T10:15:30+01:00"}"""), ((ObjectNode) stored.output().deepCopy()).put("price", "9.90"));
        assertEquals(0, new BigDecimal("9.90").compareTo(stored.output().get("price").decimalValue()));
        assertTrue(stored.output().get("price").isNumber(), "\"9.90\" is coerced to a NUMBER");
        assertEquals(1L, stored.meta().get("version"));
        assertEquals(List.of(), stored.meta().get("kept"));
        MethodResult read = call(context, get, """
                {"scope": "LOCAL", "parameters": [{"name": "qty"}, {"name": "cart"}, {"name": "absent"}]}""");
        assertEquals(json("{\"qty\": 42, \"cart\": {\"items\": [1, 2]}}"), read.output());
        assertEquals(List.of("absent"), read.meta().get("missing"));
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsRefusedNamingParameterExpectedAndReceived() {
        InvalidInputException error = assertInvalid("parameters[0].value", "TYPE_MISMATCH", () -> call(
                fixture.anonymous(), set, "{\"parameters\": [{\"name\": \"qty\", \"dataType\": \"INTEGER\", "
                        + "\"value\": \"4.5\"}]}"));
        assertTrue(error.getMessage().contains("Parameter 'qty': 'parameters[0].value' expects INTEGER but received "
                + "\"4.5\""), error.getMessage());
    }

    @Test
    void rowsMustBeNonEmptyNamedOnceAndHoldAValue() {
        TestExecutionContext context = fixture.anonymous();
        assertInvalid("parameters", "EMPTY", () -> call(context, set, "{\"parameters\": []}"));
        assertInvalid("parameters[1].name", "DUPLICATE_NAME", () -> call(context, set, """
                {"parameters": [{"name": "a", "dataType": "STRING", "value": "1"},
                                {"name": "a", "dataType": "INTEGER", "value": 2}]}"""));
        assertInvalid("parameters[0].name", "BLANK_NAME", () -> call(context, set,
                "{\"parameters\": [{\"name\": \" \", \"dataType\": \"STRING\", \"value\": \"x\"}]}"));
        assertInvalid("parameters[1].name", "NAME_TOO_LONG", () -> call(context, set, "{\"parameters\": [{\"name\": \"a\","
                + " \"dataType\": \"STRING\", \"value\": \"x\"}, {\"name\": \"" + "n".repeat(SessionLimits.MAX_NAME_LENGTH + 1) + "\", \"dataType\": "
                + "\"STRING\", \"value\": \"x\"}]}"));
        assertInvalid("parameters[0].name", "NAME_TOO_LONG", () -> call(context, get,
                "{\"parameters\": [{\"name\": \"" + "n".repeat(SessionLimits.MAX_NAME_LENGTH + 1) + "\"}]}"));
        assertInvalid("parameters[0].value", "REQUIRED", () -> call(context, set,
                "{\"parameters\": [{\"name\": \"a\", \"dataType\": \"STRING\", \"value\": null}]}"));
        assertInvalid("parameters[0].dataType", "NOT_ALLOWED", () -> call(context, set,
                "{\"parameters\": [{\"name\": \"a\", \"dataType\": \"TEXT\", \"value\": \"x\"}]}"));
        assertInvalid("expectedVersion", "OUT_OF_RANGE", () -> call(context, set,
                "{\"expectedVersion\": -1, \"parameters\": [{\"name\": \"a\", \"dataType\": \"STRING\", \"value\": "
                        + "\"x\"}]}"));
        assertEquals(json("{}"), call(context, get, "{\"parameters\": [{\"name\": \"a\"}]}").output(),
                "a refused write stores nothing");
        String longest = "n".repeat(SessionLimits.MAX_NAME_LENGTH);
        call(context, set, "{\"parameters\": [{\"name\": \"" + longest + "\", \"dataType\": \"STRING\", \"value\": "
                + "\"x\"}]}");
        assertEquals(json("{\"" + longest + "\": \"x\"}"), call(context, get, "{\"parameters\": [{\"name\": \"" + longest
                + "\"}]}").output(), "a name of exactly the limit is kept");
    }

    @Test
    void onlyIfAbsentKeepsHeldNamesAndReportsThem() {
        TestExecutionContext context = fixture.anonymous();
        call(context, set, "{\"parameters\": [{\"name\": \"a\", \"dataType\": \"STRING\", \"value\": \"old\"}]}");
        MethodResult result = call(context, set, """
                {"onlyIfAbsent": true, "parameters": [
                  {"name": "a", "dataType": "STRING", "value": "new"},
                  {"name": "b", "dataType": "STRING", "value": "fresh"}]}""");
        assertEquals(json("{\"b\": \"fresh\"}"), result.output());
        assertEquals(List.of("a"), result.meta().get("kept"));
        assertEquals(json("{\"a\": \"old\", \"b\": \"fresh\"}"), call(context, get,
                "{\"parameters\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}").output());
    }

    @Test
    void aStaleExpectedVersionIsAConflictAndWritesNothing() {
        TestExecutionContext tab1 = fixture.alice();
        TestExecutionContext tab2 = fixture.alice();
        String write = "{\"scope\": \"GLOBAL\", \"expectedVersion\": %d, \"parameters\": [{\"name\": \"note\", "
                + "\"dataType\": \"STRING\", \"value\": \"%s\"}]}";
        long version = (Long) call(tab1, set, String.format(write, 0, "from tab 1")).meta().get("version");
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> call(tab2, set, String.format(write, 0, "from tab 2")));
        assertEquals("VERSION_CONFLICT", conflict.code());
        assertEquals(json("{\"note\": \"from tab 1\"}"), call(tab2, get,
                "{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"note\"}]}").output());
        assertEquals(version + 1, call(tab2, set, String.format(write, version, "from tab 2")).meta()
                .get("version"));
    }

    @Test
    void getConvertsLosslesslyOrRefusesNamingTheParameter() {
        TestExecutionContext context = fixture.anonymous();
        call(context, set, """
                {"parameters": [{"name": "qty", "dataType": "STRING", "value": "42"},
                                {"name": "ratio", "dataType": "STRING", "value": "4.5"}]}""");
        assertEquals(json("{\"qty\": 42}"), call(context, get,
                "{\"parameters\": [{\"name\": \"qty\", \"dataType\": \"INTEGER\"}]}").output());
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> call(context, get,
                "{\"parameters\": [{\"name\": \"qty\"}, {\"name\": \"ratio\", \"dataType\": \"INTEGER\"}]}"));
        assertEquals("TYPE_MISMATCH", error.code());
        assertEquals("ratio", error.details().get("parameter"));
        assertEquals("parameters[1].dataType", error.details().get("field"));
        assertEquals("INTEGER", error.details().get("expected"));
        assertEquals("\"4.5\"", error.details().get("received"));
    }

    @Test
    void secretValuesAreMarkedAndNeverShownInErrors() {
        TestExecutionContext context = fixture.anonymous();
        MethodResult stored = call(context, set, """
                {"parameters": [{"name": "apiKey", "dataType": "STRING", "value": "k-123", "secret": true},
                                {"name": "plain", "dataType": "STRING", "value": "p"}]}""");
        assertEquals(List.of("apiKey"), stored.meta().get("secret"));
        MethodResult read = call(context, get, "{\"parameters\": [{\"name\": \"apiKey\"}, {\"name\": \"plain\"}]}");
        assertEquals(json("{\"apiKey\": \"k-123\", \"plain\": \"p\"}"), read.output());
        assertEquals(List.of("apiKey"), read.meta().get("secret"));
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> call(context, get,
                "{\"parameters\": [{\"name\": \"apiKey\", \"dataType\": \"INTEGER\"}]}"));
        assertFalse(error.getMessage().contains("k-123"), error.getMessage());
        assertFalse(error.details().toString().contains("k-123"), error.details().toString());
    }

    @Test
    void outputsAreCopiesSoChangingThemNeverChangesTheSession() {
        TestExecutionContext context = fixture.anonymous();
        MethodResult stored = call(context, set,
                "{\"parameters\": [{\"name\": \"cart\", \"dataType\": \"OBJECT\", \"value\": {\"n\": 1}}]}");
        ((ObjectNode) stored.output().get("cart")).put("n", 99);
        MethodResult read = call(context, get, "{\"parameters\": [{\"name\": \"cart\"}]}");
        ((ObjectNode) read.output().get("cart")).put("n", 98);
        assertEquals(json("{\"cart\": {\"n\": 1}}"),
                call(context, get, "{\"parameters\": [{\"name\": \"cart\"}]}").output());
    }

    @Test
    void deleteRemovesNamedParametersAndCountsThem() {
        TestExecutionContext context = fixture.anonymous();
        call(context, set, """
                {"parameters": [{"name": "a", "dataType": "STRING", "value": "1"},
                                {"name": "b", "dataType": "STRING", "value": "2"}]}""");
        assertEquals(json("{\"deleted\": 1}"), call(context, delete, "{\"names\": [\"a\", \"zzz\"]}").output());
        assertEquals(json("{\"deleted\": 0}"), call(context, delete, "{\"names\": [\"a\"]}").output());
        assertEquals(json("{\"b\": \"2\"}"), call(context, get,
                "{\"parameters\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}").output());
        assertInvalid("names", "EMPTY", () -> call(context, delete, "{\"names\": []}"));
        assertInvalid("names[1]", "DUPLICATE_NAME", () -> call(context, delete, "{\"names\": [\"b\", \"b\"]}"));
        assertInvalid("names[0]", "NOT_A_NAME", () -> call(context, delete, "{\"names\": [{\"n\": 1}]}"));
    }

    @Test
    void globalSessionsStartWithUsernameAndRoleId() {
        assertEquals(json("{\"username\": \"alice\", \"roleId\": \"builder\"}"), call(fixture.alice(), get,
                "{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"username\"}, {\"name\": \"roleId\"}]}")
                .output());
    }

    @Test
    void limitsOfTheStoreSurfaceAsTheirErrorsAndEvictNothing() {
        try (SessionFixture small = new SessionFixture(new SessionLimits(2, 64, 100))) {
            TestExecutionContext context = small.anonymous();
            PayloadTooLargeException tooLarge = assertThrows(PayloadTooLargeException.class,
                    () -> call(context, set, row("big", "x".repeat(80))));
            assertEquals("VALUE_TOO_LARGE", tooLarge.code());
            assertEquals("big", tooLarge.details().get("parameter"));
            call(context, set, """
                    {"parameters": [{"name": "a", "dataType": "STRING", "value": "1"},
                                    {"name": "b", "dataType": "STRING", "value": "2"}]}""");
            InsufficientStorageException sessionFull = assertThrows(InsufficientStorageException.class,
                    () -> call(context, set, row("c", "3")));
            assertEquals("SESSION_FULL", sessionFull.code());
            call(small.anonymous(), set, row("d", "y".repeat(50)));
            InsufficientStorageException storeFull = assertThrows(InsufficientStorageException.class,
                    () -> call(small.anonymous(), set, row("e", "z".repeat(50))));
            assertEquals("STORE_FULL", storeFull.code());
            assertEquals(json("{\"a\": \"1\", \"b\": \"2\"}"), call(context, get,
                    "{\"parameters\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}").output());
        }
    }

    private static String row(String name, String value) {
        return "{\"parameters\": [{\"name\": \"" + name + "\", \"dataType\": \"STRING\", \"value\": \""
                + value + "\"}]}";
    }
}
