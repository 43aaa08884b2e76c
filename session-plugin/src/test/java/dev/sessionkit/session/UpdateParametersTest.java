package dev.sessionkit.session;

import static dev.sessionkit.session.SessionFixture.assertInvalid;
import static dev.sessionkit.session.SessionFixture.call;
import static dev.sessionkit.session.SessionFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.session.parameters.GetParametersMethod;
import dev.sessionkit.session.parameters.UpdateParametersMethod;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Update Parameters: each operation from its row, what a row must give, errors and the output. */
class UpdateParametersTest {
    private final SessionFixture fixture = new SessionFixture();
    private final UpdateParametersMethod update = new UpdateParametersMethod();

    @AfterEach
    void closeStore() {
        fixture.close();
    }

    private MethodResult run(TestExecutionContext context, String operations) {
        return call(context, update, "{\"operations\": " + operations + "}");
    }

    @Test
    void everyOperationAppliesInOneAtomicUpdateAndTheOutputHoldsTheNewValues() {
        TestExecutionContext context = fixture.alice();
        MethodResult result = call(context, update, """
                {"scope": "GLOBAL", "operations": [
                  {"operation": "append", "name": "basket", "dataType": "STRING", "value": "sku-1"},
                  {"operation": "append", "name": "basket", "value": ["sku-2", "sku-3"], "each": true},
                  {"operation": "remove", "name": "basket", "value": "sku-2"},
                  {"operation": "increment", "name": "itemCount", "dataType": "INTEGER", "value": "2"},
                  {"operation": "increment", "name": "total", "dataType": "NUMBER", "value": "19.90"},
                  {"operation": "merge", "name": "order", "path": "delivery", "dataType": "OBJECT",
                   "value": {"status": "out", "eta": 5}},
                  {"operation": "unset", "name": "order", "path": "delivery.eta"}]}""");

        JsonNode total = ((ObjectNode) result.output()).remove("total");
        assertEquals(0, new BigDecimal("19.90").compareTo(total.decimalValue()), "exact: " + total);
        assertEquals(json("""
                {"basket": ["sku-1", "sku-3"], "itemCount": 2, "order": {"delivery": {"status": "out"}}}"""),
                result.output());
        assertEquals(1L, result.meta().get("version"));
        assertEquals(json("{\"order\": {\"delivery\": {\"status\": \"out\"}}}"), call(context,
                new GetParametersMethod(), "{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"order\"}]}")
                .output());
    }

    @Test
    void anIncrementWithoutADataTypeTakesTheValuesOwn() {
        TestExecutionContext context = fixture.anonymous();
        run(context, "[{\"operation\": \"increment\", \"name\": \"n\", \"value\": 2}]");
        MethodResult result = run(context, "[{\"operation\": \"increment\", \"name\": \"n\", \"value\": 0.5}]");
        assertEquals("2.5", result.output().get("n").toString());
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> run(context, "[{\"operation\": \"increment\", \"name\": \"n\", \"value\": 1}]"));
        assertEquals("WRONG_PARAMETER_TYPE", error.code(), "an INTEGER increment of a NUMBER names the parameter");
        assertEquals("n", error.details().get("parameter"));
    }

    @Test
    void aWrongStoredTypeIsA400NamingTheParameterAndChangesNothing() {
        TestExecutionContext context = fixture.anonymous();
        run(context, "[{\"operation\": \"merge\", \"name\": \"basket\", \"value\": {\"a\": 1}}]");

        InvalidInputException error = assertThrows(InvalidInputException.class, () -> run(context, """
                [{"operation": "increment", "name": "count", "value": 1},
                 {"operation": "append", "name": "basket", "value": "sku-1"}]"""));
        assertEquals("WRONG_PARAMETER_TYPE", error.code());
        assertEquals("basket", error.details().get("parameter"));
        assertEquals("ARRAY", error.details().get("expected"));
        assertEquals("OBJECT", error.details().get("actual"));
        assertEquals(json("{\"basket\": {\"a\": 1}}"), call(context, new GetParametersMethod(),
                "{\"parameters\": [{\"name\": \"basket\"}, {\"name\": \"count\"}]}").output());
    }

    @Test
    void integerOverflowIsRefused() {
        TestExecutionContext context = fixture.anonymous();
        run(context, "[{\"operation\": \"increment\", \"name\": \"n\", \"dataType\": \"INTEGER\", "
                + "\"value\": 9223372036854775807}]");
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> run(context,
                "[{\"operation\": \"increment\", \"name\": \"n\", \"dataType\": \"INTEGER\", \"value\": 1}]"));
        assertEquals("INTEGER_OVERFLOW", error.code());
    }

    @Test
    void expectedVersionIsHonoured() {
        TestExecutionContext context = fixture.anonymous();
        run(context, "[{\"operation\": \"append\", \"name\": \"a\", \"value\": 1}]");
        ConflictException stale = assertThrows(ConflictException.class, () -> call(context, update,
                "{\"expectedVersion\": 0, \"operations\": "
                        + "[{\"operation\": \"append\", \"name\": \"a\", \"value\": 2}]}"));
        assertEquals("VERSION_CONFLICT", stale.code());
        assertEquals(2L, call(context, update, "{\"expectedVersion\": 1, \"operations\": "
                + "[{\"operation\": \"append\", \"name\": \"a\", \"value\": 2}]}").meta().get("version"));
        ConflictException emptyEach = assertThrows(ConflictException.class, () -> call(context, update,
                "{\"expectedVersion\": 1, \"operations\": [{\"operation\": \"append\", \"name\": \"a\", "
                        + "\"value\": [], \"each\": true}]}"));
        assertEquals("VERSION_CONFLICT", emptyEach.code());
    }

    @Test
    void anEachOverAnEmptyListChangesNothingAndAnswersTheStoredValues() {
        TestExecutionContext context = fixture.anonymous();
        run(context, "[{\"operation\": \"append\", \"name\": \"a\", \"value\": 1}]");
        MethodResult result = run(context, "[{\"operation\": \"append\", \"name\": \"a\", \"value\": [], "
                + "\"each\": true}]");
        assertEquals(json("{\"a\": [1]}"), result.output());
        assertEquals(1L, result.meta().get("version"));
    }

    @Test
    void aValueThatWouldGrowPastTheLimitIs413() {
        try (SessionFixture small = new SessionFixture(new SessionLimits(100, 16, 1 << 20))) {
            TestExecutionContext context = small.anonymous();
            call(context, update, "{\"operations\": [{\"operation\": \"append\", \"name\": \"a\", "
                    + "\"value\": \"0123456789\"}]}");
            PayloadTooLargeException error = assertThrows(PayloadTooLargeException.class, () -> call(context, update,
                    "{\"operations\": [{\"operation\": \"append\", \"name\": \"a\", \"value\": \"x\"}]}"));
            assertEquals("VALUE_TOO_LARGE", error.code());
            assertEquals("a", error.details().get("parameter"));
        }
    }

    @Test
    void rowsMustGiveWhatTheirOperationNeeds() {
        TestExecutionContext context = fixture.anonymous();
        assertInvalid("operations", "REQUIRED", () -> call(context, update, "{}"));
        assertInvalid("operations", "EMPTY", () -> run(context, "[]"));
        assertInvalid("operations[0].operation", "NOT_ALLOWED",
                () -> run(context, "[{\"operation\": \"push\", \"name\": \"a\", \"value\": 1}]"));
        assertInvalid("operations[0].name", "BLANK_NAME",
                () -> run(context, "[{\"operation\": \"append\", \"name\": \" \", \"value\": 1}]"));
        assertInvalid("operations[0].value", "REQUIRED",
                () -> run(context, "[{\"operation\": \"append\", \"name\": \"a\"}]"));
        assertInvalid("operations[1].value", "REQUIRED", () -> run(context,
                "[{\"operation\": \"append\", \"name\": \"a\", \"value\": 1}, "
                        + "{\"operation\": \"remove\", \"name\": \"a\", \"value\": null}]"));
        assertInvalid("operations[0].path", "UNEXPECTED_PATH",
                () -> run(context, "[{\"operation\": \"append\", \"name\": \"a\", \"path\": \"b\", \"value\": 1}]"));
        assertInvalid("operations[0].path", "REQUIRED",
                () -> run(context, "[{\"operation\": \"unset\", \"name\": \"a\"}]"));
        assertInvalid("operations[0].value", "UNEXPECTED_VALUE",
                () -> run(context, "[{\"operation\": \"unset\", \"name\": \"a\", \"path\": \"b\", \"value\": 1}]"));
        assertInvalid("operations[0].path", "EMPTY_SEGMENT",
                () -> run(context, "[{\"operation\": \"unset\", \"name\": \"a\", \"path\": \"b..c\"}]"));
        assertInvalid("operations[0].dataType", "NOT_A_NUMBER_TYPE", () -> run(context,
                "[{\"operation\": \"increment\", \"name\": \"a\", \"dataType\": \"STRING\", \"value\": \"1\"}]"));
        assertInvalid("operations[0].value", "NOT_AN_OBJECT", () -> run(context,
                "[{\"operation\": \"merge\", \"name\": \"a\", \"value\": [1]}]"));
        assertInvalid("operations[0].value", "NOT_AN_INTEGER", () -> run(context,
                "[{\"operation\": \"increment\", \"name\": \"a\", \"value\": 100000000000000000000}]"));
        assertInvalid("operations[0].value", "NOT_AN_ARRAY", () -> run(context,
                "[{\"operation\": \"append\", \"name\": \"a\", \"value\": 1, \"each\": true}]"));
        assertInvalid("operations[0].each", "UNEXPECTED_EACH", () -> run(context,
                "[{\"operation\": \"increment\", \"name\": \"a\", \"value\": 1, \"each\": true}]"));
        assertEquals(List.of(), List.copyOf(fixture.store.list("shop")), "nothing was written");
    }
}
