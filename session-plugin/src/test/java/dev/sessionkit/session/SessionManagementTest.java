package dev.sessionkit.session;

import static dev.sessionkit.session.SessionFixture.assertInvalid;
import static dev.sessionkit.session.SessionFixture.call;
import static dev.sessionkit.session.SessionFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.session.manage.SessionManagementMethod;
import dev.sessionkit.session.parameters.GetParametersMethod;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Session Management: PUT_DATA, GET_DATA, DELETE_DATA and APPEND_DATA with names and dotted paths. */
class SessionManagementTest {
    private static final String ORDER = """
            {"orderId": "A-1", "note": null,
             "customer": {"name": "Ada", "address": {"city": "Lyon", "zip": "69001"}}}""";

    private final SessionFixture fixture = new SessionFixture();
    private final SessionManagementMethod manage = new SessionManagementMethod();

    @AfterEach
    void closeStore() {
        fixture.close();
    }

    private MethodResult run(TestExecutionContext context, String message, String inputs) {
        return call(context.withMessage(json(message)), manage, inputs);
    }

    @Test
    void putStoresNamedFieldsUnderTheirPathsAndLeavesTheMessageAlone() {
        TestExecutionContext context = fixture.anonymous();
        JsonNode message = json(ORDER);
        MethodResult put = call(context.withMessage(message), manage, """
                {"operation": "PUT_DATA", "fields": ["orderId", "customer.address.city", "note", "missing.path"]}""");
        assertEquals(json("{\"orderId\": \"A-1\", \"customer.address.city\": \"Lyon\", \"note\": null}"),
                put.output());
        assertEquals(List.of("missing.path"), put.meta().get("missing"));
        assertEquals(1L, put.meta().get("version"));
        assertNull(put.message(), "PUT_DATA passes the message through unchanged");
        assertEquals(json(ORDER), message, "the execution's message is never modified");
        assertEquals(json("{\"customer.address.city\": \"Lyon\"}"), call(context, new GetParametersMethod(),
                "{\"parameters\": [{\"name\": \"customer.address.city\"}]}").output());
    }

    @Test
    void appendAddsNamedFieldsToListsUnderTheirPathsAndLeavesTheMessageAlone() {
        TestExecutionContext context = fixture.anonymous();
        String fields = "{\"operation\": \"APPEND_DATA\", \"fields\": [\"sku\", \"customer.address.city\", "
                + "\"missing\"]}";
        run(context, "{\"sku\": \"sku-1\", \"customer\": {\"address\": {\"city\": \"Lyon\"}}}", fields);
        JsonNode message = json("{\"sku\": {\"id\": \"sku-2\", \"qty\": 2}}");
        MethodResult second = call(context.withMessage(message), manage, fields);

        assertEquals(json("{\"sku\": [\"sku-1\", {\"id\": \"sku-2\", \"qty\": 2}]}"), second.output());
        assertEquals(List.of("customer.address.city", "missing"), second.meta().get("missing"));
        assertEquals(2L, second.meta().get("version"));
        assertNull(second.message(), "APPEND_DATA passes the message through unchanged");
        assertEquals(json("{\"sku\": {\"id\": \"sku-2\", \"qty\": 2}}"), message);
        assertEquals(json("{\"customer.address.city\": [\"Lyon\"]}"), call(context, new GetParametersMethod(),
                "{\"parameters\": [{\"name\": \"customer.address.city\"}]}").output());
    }

    @Test
    void appendToAParameterThatIsNotAListIsRefusedNamingIt() {
        TestExecutionContext context = fixture.anonymous();
        run(context, "{\"sku\": \"sku-1\"}", "{\"operation\": \"PUT_DATA\", \"fields\": [\"sku\"]}");
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> run(context,
                "{\"sku\": \"sku-2\"}", "{\"operation\": \"APPEND_DATA\", \"fields\": [\"sku\"]}"));
        assertEquals("WRONG_PARAMETER_TYPE", error.code());
        assertEquals("sku", error.details().get("parameter"));
    }

    @Test
    void getWritesStoredFieldsAtTheirPathsCreatingObjectsAndKeepsTheRest() {
        TestExecutionContext context = fixture.anonymous();
        run(context, ORDER, "{\"operation\": \"PUT_DATA\", \"fields\": [\"orderId\", \"customer.address.city\"]}");
        JsonNode next = json("{\"step\": 2, \"customer\": {\"name\": \"Bea\"}, \"orderId\": \"old\"}");
        MethodResult get = call(context.withMessage(next), manage, """
                {"operation": "GET_DATA", "sessionType": "LOCAL",
                 "fields": ["orderId", "customer.address.city", "never.stored"], "scoped": true}""");
        assertEquals(json("""
                {"step": 2, "customer": {"name": "Bea", "address": {"city": "Lyon"}}, "orderId": "A-1"}"""),
                get.message());
        assertEquals(json("{\"orderId\": \"A-1\", \"customer.address.city\": \"Lyon\"}"), get.output());
        assertEquals(List.of("never.stored"), get.meta().get("missing"));
        assertEquals(json("{\"step\": 2, \"customer\": {\"name\": \"Bea\"}, \"orderId\": \"old\"}"), next,
                "the incoming message is copied, not modified");
    }

    @Test
    void getRefusesToReplaceANonObjectOnThePath() {
        TestExecutionContext context = fixture.anonymous();
        run(context, ORDER, "{\"operation\": \"PUT_DATA\", \"fields\": [\"customer.address.city\"]}");
        assertInvalid("fields[0]", "FIELD_PATH_BLOCKED", () -> run(context, "{\"customer\": \"Ada\"}",
                "{\"operation\": \"GET_DATA\", \"fields\": [\"customer.address.city\"]}"));
    }

    @Test
    void deleteRemovesFieldsFromTheSessionAndShowsWhatWentAway() {
        TestExecutionContext context = fixture.anonymous();
        run(context, ORDER, "{\"operation\": \"PUT_DATA\", \"fields\": [\"orderId\", \"customer.address.city\"]}");
        MethodResult deleted = run(context, "{\"x\": 1}",
                "{\"operation\": \"DELETE_DATA\", \"fields\": [\"orderId\", \"unknown\"]}");
        assertEquals(json("{\"orderId\": \"A-1\"}"), deleted.output());
        assertEquals(1, deleted.meta().get("deleted"));
        assertEquals(List.of("unknown"), deleted.meta().get("missing"));
        assertNull(deleted.message());
        MethodResult get = run(context, "{}", "{\"operation\": \"GET_DATA\", \"fields\": [\"orderId\", "
                + "\"customer.address.city\"]}");
        assertEquals(json("{\"customer\": {\"address\": {\"city\": \"Lyon\"}}}"), get.message());
    }

    @Test
    void globalSessionTypeUsesTheUsersSessionAcrossExecutionsAndNeedsAUser() {
        run(fixture.alice(), ORDER, "{\"operation\": \"PUT_DATA\", \"sessionType\": \"GLOBAL\", \"fields\": "
                + "[\"customer.name\"]}");
        assertEquals(json("{\"customer\": {\"name\": \"Ada\"}}"), run(fixture.alice(), "{}",
                "{\"operation\": \"GET_DATA\", \"sessionType\": \"GLOBAL\", \"fields\": [\"customer.name\"]}")
                .message());
        assertThrows(UnauthorizedException.class, () -> run(fixture.anonymous(), ORDER,
                "{\"operation\": \"PUT_DATA\", \"sessionType\": \"GLOBAL\", \"fields\": [\"orderId\"]}"));
    }

    @Test
    void fieldsMustBeDistinctPaths() {
        TestExecutionContext context = fixture.anonymous();
        assertInvalid("fields", "EMPTY", () -> run(context, ORDER, "{\"operation\": \"PUT_DATA\", \"fields\": []}"));
        assertInvalid("fields[1]", "EMPTY_SEGMENT", () -> run(context, ORDER,
                "{\"operation\": \"PUT_DATA\", \"fields\": [\"a\", \"customer..city\"]}"));
        assertInvalid("fields[1]", "DUPLICATE_NAME", () -> run(context, ORDER,
                "{\"operation\": \"PUT_DATA\", \"fields\": [\"a\", \"a\"]}"));
        assertInvalid("operation", "REQUIRED", () -> run(context, ORDER, "{\"fields\": [\"a\"]}"));
        assertInvalid("operation", "NOT_ALLOWED", () -> run(context, ORDER,
                "{\"operation\": \"MOVE_DATA\", \"fields\": [\"a\"]}"));
    }

    @Test
    void aPathHasAtMost32NamesAndAThousandCharacters() {
        TestExecutionContext context = fixture.anonymous();
        String deep = "a" + ".a".repeat(9_999);
        for (String operation : List.of("PUT_DATA", "GET_DATA", "DELETE_DATA")) {
            assertInvalid("fields[0]", "PATH_TOO_LONG", () -> run(context, ORDER,
                    "{\"operation\": \"" + operation + "\", \"fields\": [\"" + deep + "\"]}"));
        }
        assertInvalid("fields[0]", "PATH_TOO_LONG", () -> run(context, ORDER,
                "{\"operation\": \"GET_DATA\", \"fields\": [\"" + "b".repeat(1_001) + "\"]}"));
        String longest = "a" + ".a".repeat(31);
        MethodResult put = run(context, "{}", "{\"operation\": \"GET_DATA\", \"fields\": [\"" + longest + "\"]}");
        assertEquals(List.of(longest), put.meta().get("missing"));
    }

    @Test
    void putWithNothingInTheMessageStoresNothing() {
        MethodResult put = run(fixture.anonymous(), "{}", "{\"operation\": \"PUT_DATA\", \"fields\": [\"a.b\"]}");
        assertEquals(json("{}"), put.output());
        assertEquals(List.of("a.b"), put.meta().get("missing"));
        assertNull(put.meta().get("version"));
    }
}
