package dev.sessionkit.host.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.descriptor.OutputDescriptor;
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

        JsonNode resolved = InputExpressions.compile(inputs).resolve(scope);

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

        JsonNode resolved = InputExpressions.compile(inputs).resolve(scope);

        assertEquals(JSON.readTree("""
                {"token": "t-1", "count": 7, "literal": "{{ message.token }}", "object": {"a": 1},
                 "notAHolder": {"valueType": "STATIC", "value": 1, "name": "x"}}"""), resolved);
    }

    @Test
    void inputsWithoutExpressionsAreReturnedAsTheyAre() throws Exception {
        JsonNode inputs = JSON.readTree("{\"names\": [\"a\"]}");
        assertSame(inputs, InputExpressions.compile(inputs).resolve(path -> null));
    }

    @Test
    void compiledOnceEvaluatesAtEachCallAndSharesTheConfiguredPartsWithoutExpressions() throws Exception {
        JsonNode inputs = JSON.readTree("""
                {"scope": "GLOBAL", "names": ["a", "b"], "parameters": [
                  {"name": "sku", "valueType": "EXPRESSION", "value": "{{ message.sku }}"}]}""");
        InputExpressions compiled = InputExpressions.compile(inputs);
        JsonNode first = JSON.readTree("{\"message\": {\"sku\": \"A1\"}}");
        JsonNode second = JSON.readTree("{\"message\": {\"sku\": \"B2\"}}");

        JsonNode one = compiled.resolve(path -> ExpressionScope.walk(first, path, 0));
        JsonNode two = compiled.resolve(path -> ExpressionScope.walk(second, path, 0));

        assertEquals("A1", one.at("/parameters/0/value").textValue());
        assertEquals("B2", two.at("/parameters/0/value").textValue());
        assertSame(inputs.get("names"), one.get("names"));
        assertEquals("{{ message.sku }}", inputs.at("/parameters/0/value").textValue());
        assertSame(inputs, compiled.configured());
    }

    @Test
    void knowsWhetherAnExpressionReadsTheRequest() throws Exception {
        assertTrue(InputExpressions.compile(JSON.readTree("""
                {"token": {"valueType": "EXPRESSION", "value": "Bearer {{ request.headers.x-api-key }}"}}"""))
                .readsRequest());
        assertFalse(InputExpressions.compile(JSON.readTree("""
                {"token": {"valueType": "EXPRESSION", "value": "{{ message.request }}"},
                 "note": {"valueType": "STATIC", "value": "{{ request.query.q }}"}}"""))
                .readsRequest());
        assertFalse(InputExpressions.compile(null).readsRequest());
        assertNull(InputExpressions.compile(null).resolve(path -> null));
    }

    @Test
    void inputsWithoutExpressionsAreValidatedOncePerDescriptorAndOthersAtEveryCall() throws Exception {
        MethodDescriptor counting = descriptor();
        InputExpressions fixed = InputExpressions.compileForReuse(JSON.readTree("{\"count\": \"7\"}"));
        ObjectNode first = fixed.validate(counting, path -> null);
        assertEquals(7, first.get("count").intValue());
        first.put("count", 99); // a method that breaks the rule changes only its own copy
        ObjectNode again = fixed.validate(counting, path -> null);
        assertNotSame(first, again);
        assertEquals(7, again.get("count").intValue());
        MethodDescriptor updated = descriptor();
        ObjectNode afterUpdate = fixed.validate(updated, path -> null);
        assertEquals(again, afterUpdate);

        InputExpressions holder = InputExpressions.compileForReuse(JSON.readTree(
                "{\"valueType\": \"STATIC\", \"value\": {\"count\": 3}}"));
        assertEquals(3, holder.validate(counting, path -> null).get("count").intValue());
        assertEquals(3, InputExpressions.compile(holder.configured()).validate(counting, path -> null)
                .get("count").intValue());

        InputExpressions evaluated = InputExpressions.compile(JSON.readTree(
                "{\"count\": {\"valueType\": \"EXPRESSION\", \"value\": \"{{ message.n }}\"}}"));
        JsonNode one = JSON.readTree("{\"message\": {\"n\": 1}}");
        JsonNode two = JSON.readTree("{\"message\": {\"n\": \"2\"}}");
        assertEquals(1, evaluated.validate(counting, path -> ExpressionScope.walk(one, path, 0))
                .get("count").intValue());
        assertEquals(2, evaluated.validate(counting, path -> ExpressionScope.walk(two, path, 0))
                .get("count").intValue());

        InputExpressions broken = InputExpressions.compile(JSON.readTree("{\"count\": \"seven\"}"));
        assertEquals("INVALID_INPUT", assertThrows(InvalidInputException.class,
                () -> broken.validate(counting, path -> null)).code());
        assertEquals("INVALID_INPUT", assertThrows(InvalidInputException.class,
                () -> broken.validate(counting, path -> null)).code());
    }

    @Test
    void aFlowStepsInputsAreNeverHandedOutButADirectCallsOwnAre() throws Exception {
        MethodDescriptor rows = MethodDescriptor.builder("test.rows").name("Rows")
                .input(InputDescriptor.builder("rows", DataType.ARRAY).required()
                        .field(InputDescriptor.builder("name", DataType.STRING).required().build())
                        .field(InputDescriptor.builder("valueType", DataType.STRING).build())
                        .field(InputDescriptor.builder("value", null).build())
                        .build())
                .output(new OutputDescriptor(DataType.OBJECT, "the rows"))
                .build();
        JsonNode configured = JSON.readTree("""
                {"rows": [{"name": "fixed", "value": {"kept": true}},
                          {"name": "evaluated", "valueType": "EXPRESSION", "value": "{{ message.n }}"}]}""");
        String before = configured.toString();
        JsonNode message = JSON.readTree("{\"message\": {\"n\": 5}}");
        InputExpressions step = InputExpressions.compileForReuse(configured);

        ObjectNode first = step.validate(rows, path -> ExpressionScope.walk(message, path, 0));
        // A method that breaks the rule and changes its inputs changes neither the step nor the next call.
        ((ObjectNode) first.get("rows").get(0).get("value")).put("kept", false);
        ((ObjectNode) first.get("rows").get(0)).put("name", "changed");
        assertEquals(before, configured.toString());
        ObjectNode second = step.validate(rows, path -> ExpressionScope.walk(message, path, 0));
        assertEquals("fixed", second.get("rows").get(0).get("name").textValue());
        assertTrue(second.get("rows").get(0).get("value").get("kept").booleanValue());

        JsonNode sent = JSON.readTree("{\"rows\": [{\"name\": \"a\", \"value\": 1}]}");
        assertSame(sent, InputExpressions.compile(sent).validate(rows, path -> null),
                "a direct call's normal inputs are its own: validated without a copy");
    }

    private static MethodDescriptor descriptor() {
        return MethodDescriptor.builder("test.count").name("Count")
                .input(InputDescriptor.builder("count", DataType.INTEGER).required().build())
                .output(new OutputDescriptor(DataType.INTEGER, "the count"))
                .build();
    }

    @Test
    void checkReportsABrokenTemplateWithoutEvaluating() throws Exception {
        JsonNode inputs = JSON.readTree("{\"parameters\": [{\"valueType\": \"EXPRESSION\", \"value\": \"{{ message.\"}]}");
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> InputExpressions.compile(inputs));
        assertEquals("EXPRESSION_SYNTAX", error.code());
    }
}
