package dev.sessionkit.host.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A scope whose roots are the fields of one JSON object. */
    private static ExpressionScope scope(String json) throws Exception {
        JsonNode roots = JSON.readTree(json);
        return path -> ExpressionScope.walk(roots, path, 0);
    }

    @Test
    void singleExpressionKeepsTheValueType() throws Exception {
        ExpressionScope scope = scope("{\"message\": {\"qty\": 3, \"ok\": true, \"tags\": [\"a\"], \"o\": {\"k\": 1}}}");
        assertEquals(JSON.readTree("3"), Template.parse("{{ message.qty }}").evaluate(scope));
        assertEquals(JSON.readTree("true"), Template.parse("{{message.ok}}").evaluate(scope));
        assertEquals(JSON.readTree("[\"a\"]"), Template.parse("  {{ message.tags }} ").evaluate(scope));
        assertEquals(JSON.readTree("{\"k\": 1}"), Template.parse("{{ message.o }}").evaluate(scope));
    }

    @Test
    void textMixedWithExpressionsIsAString() throws Exception {
        ExpressionScope scope = scope("{\"message\": {\"qty\": 3, \"name\": \"Ada\", \"o\": {\"k\": 1}}}");
        assertEquals("Ada has 3 items {\"k\":1}",
                Template.parse("{{ message.name }} has {{ message.qty }} items {{ message.o }}").evaluate(scope).textValue());
    }

    @Test
    void missingPathsAreNullAloneAndEmptyInText() throws Exception {
        ExpressionScope scope = scope("{\"message\": {}}");
        assertTrue(Template.parse("{{ message.nope.deeper }}").evaluate(scope).isNull());
        assertEquals("[]", Template.parse("[{{ message.nope }}]").evaluate(scope).textValue());
    }

    @Test
    void indexesAndQuotedKeysWalkArraysAndOddNames() throws Exception {
        ExpressionScope scope = scope("{\"message\": {\"items\": [{\"sku\": \"A1\"}, {\"sku\": \"B2\"}], \"odd key\": {\"x-y\": 7}}}");
        assertEquals("B2", Template.parse("{{ message.items[1].sku }}").evaluate(scope).textValue());
        assertEquals(7, Template.parse("{{ message['odd key'][\"x-y\"] }}").evaluate(scope).intValue());
        assertTrue(Template.parse("{{ message.items[9].sku }}").evaluate(scope).isNull());
    }

    @Test
    void textWithoutExpressionsIsItself() throws Exception {
        assertEquals("plain", Template.parse("plain").evaluate(scope("{}")).textValue());
        assertEquals(List.of(), Template.parse("plain").paths());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ message.a", "{{ }}", "{{ nope.a }}", "{{ message.a + 1 }}", "{{ message..a }}",
            "{{ message[ }}", "{{ message['a }}", "{{ message[x] }}", "{{ message.a() }}", "{{ java.lang.System }}"})
    void syntaxErrorsAreClearAndNameTheExpression(String source) {
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> Template.parse(source));
        assertEquals("EXPRESSION_SYNTAX", error.code());
        assertEquals(source, error.details().get("expression"));
        assertTrue(error.getMessage().contains("Invalid expression"), error.getMessage());
    }

    @Test
    void parsedPathsAreListed() {
        Template template = Template.parse("{{ user.id }}-{{ session.global.cart[0] }}");
        assertEquals(List.of(new Path(List.of("user", "id")), new Path(List.of("session", "global", "cart", "0"))),
                template.paths());
    }

    /** A scope over {@code roots} whose templates share one budget under {@code limits}. */
    private static ExpressionScope limited(JsonNode roots, RenderLimits limits) {
        RenderBudget budget = new RenderBudget(limits);
        return new ExpressionScope() {
            @Override
            public JsonNode lookup(List<String> path) {
                return ExpressionScope.walk(roots, path, 0);
            }

            @Override
            public RenderBudget renderBudget() {
                return budget;
            }
        };
    }

    @Test
    void aTemplateRendersAtMostItsLimitAndStopsBeforeBuildingMore() throws Exception {
        JsonNode roots = JSON.readTree("{\"message\": {\"b\": \"" + "b".repeat(1_000) + "\", \"o\": {\"k\": 1}}}");
        RenderLimits limits = new RenderLimits(2_000, 5_000);
        assertEquals(2_000, Template.parse("{{ message.b }}{{ message.b }}").evaluate(limited(roots, limits))
                .textValue().length());
        PayloadTooLargeException error = assertThrows(PayloadTooLargeException.class, () ->
                Template.parse("{{ message.b }}-{{ message.b }}").evaluate(limited(roots, limits)));
        assertEquals("EXPRESSION_RESULT_TOO_LARGE", error.code());
        assertEquals(2_000L, error.details().get("limit"));
        assertEquals("{{ message.b }}-{{ message.b }}", error.details().get("expression"));

        // 4,000 copies would be 4 MB here (800 MB over a 200 KB message): refused at the third copy.
        Template many = Template.parse("{{ message.b }}".repeat(4_000));
        assertThrows(PayloadTooLargeException.class, () -> many.evaluate(limited(roots, limits)));
        // A single expression copies nothing: it is never counted.
        assertEquals(1_000, Template.parse("{{ message.b }}").evaluate(limited(roots, new RenderLimits(1, 1)))
                .textValue().length());
    }

    @Test
    void theTemplatesOfOneEvaluationShareOneBudget() throws Exception {
        JsonNode roots = JSON.readTree("{\"message\": {\"b\": \"" + "b".repeat(1_000) + "\"}}");
        ExpressionScope scope = limited(roots, new RenderLimits(2_000, 5_000));
        Template two = Template.parse("{{ message.b }}{{ message.b }}");
        two.evaluate(scope);
        two.evaluate(scope);
        PayloadTooLargeException error = assertThrows(PayloadTooLargeException.class, () -> two.evaluate(scope));
        assertEquals(5_000L, error.details().get("limit"));
        assertTrue(error.getMessage().contains("together"), error.getMessage());
        assertEquals(2_000, two.evaluate(limited(roots, new RenderLimits(2_000, 5_000))).textValue().length());
    }

    @Test
    void theDefaultScopeCapsEachTemplateAtTheDefaultValueSize() throws Exception {
        JsonNode roots = JSON.readTree("{\"message\": {\"b\": \"" + "b".repeat(40_000) + "\"}}");
        ExpressionScope scope = path -> ExpressionScope.walk(roots, path, 0);
        assertThrows(PayloadTooLargeException.class,
                () -> Template.parse("{{ message.b }} {{ message.b }}").evaluate(scope));
    }
}
