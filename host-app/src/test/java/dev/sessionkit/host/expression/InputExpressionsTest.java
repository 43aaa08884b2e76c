package dev.sessionkit.host.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class InputExpressionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void evaluatesOnlyValuesMarkedExpressionAndLeavesTheArgumentUntouched() throws Exception {
        JsonNode roots = JSON.readTree("{\"message\": {\"sku\": \"A1\", \"qty\": 2}}");
        ExpressionScope scope = path -> ExpressionScope.walk(roots, path, 0);
        JsonNode inputs = JSON.readTree("""
                {"scope": "GLOBAL", "parameters": [
                  {"name": "sku", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.sku }}"},
                  {"name": "qty", "dataType": "INTEGER", "valueType": "expression", "value": "{{ message.qty }}"},
                  {"name": "note", "dataType": "STRING", "valueType": "STATIC", "value": "{{ message.sku }}"}]}""");
        String before = inputs.toString();

        JsonNode resolved = InputExpressions.resolve(inputs, scope);

        assertEquals(JSON.readTree("""
                {"scope": "GLOBAL", "parameters": [
                  {"name": "sku", "dataType": "STRING", "valueType": "EXPRESSION", "value": "A1"},
                  {"name": "qty", "dataType": "INTEGER", "valueType": "expression", "value": 2},
                  {"name": "note", "dataType": "STRING", "valueType": "STATIC", "value": "{{ message.sku }}"}]}"""),
                resolved);
        assertEquals(before, inputs.toString());
    }

    @Test
    void valueHoldersAreReplacedByTheirValue() throws Exception {
        JsonNode roots = JSON.readTree("{\"message\": {\"token\": \"t-1\", \"n\": 7}}");
        ExpressionScope scope = path -> ExpressionScope.walk(roots, path, 0);
        JsonNode inputs = JSON.readTree("""
                {"token": {"valueType": "EXPRESSION", "value": "{{ message.token }}"},
                 "count": {"valueType": "expression", "value": "{{ message.n }}"},
                 "literal": {"valueType": "STATIC", "value": "{{ message.token }}"},
                 "object": {"valueType": "STATIC", "value": {"a": 1}},
                 "notAHolder": {"valueType": "STATIC", "value": 1, "name": "x"}}""");

        JsonNode resolved = InputExpressions.resolve(inputs, scope);

        assertEquals(JSON.readTree("""
                {"token": "t-1", "count": 7, "literal": "{{ message.token }}", "object": {"a": 1},
                 "notAHolder": {"valueType": "STATIC", "value": 1, "name": "x"}}"""), resolved);
    }

    @Test
    void inputsWithoutExpressionsAreReturnedAsTheyAre() throws Exception {
        JsonNode inputs = JSON.readTree("{\"names\": [\"a\"]}");
        assertSame(inputs, InputExpressions.resolve(inputs, path -> null));
    }

    @Test
    void checkReportsABrokenTemplateWithoutEvaluating() throws Exception {
        JsonNode inputs = JSON.readTree("{\"parameters\": [{\"valueType\": \"EXPRESSION\", \"value\": \"{{ message.\"}]}");
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> InputExpressions.check(inputs));
        assertEquals("EXPRESSION_SYNTAX", error.code());
    }
}
