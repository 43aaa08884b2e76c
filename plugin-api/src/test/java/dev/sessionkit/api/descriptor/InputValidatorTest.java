package dev.sessionkit.api.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final MethodDescriptor SET = MethodDescriptor.builder("demo.set")
            .input(InputDescriptor.builder("scope", DataType.STRING).defaultValue(TextNode.valueOf("LOCAL"))
                    .allowedValues(List.of("LOCAL", "GLOBAL")).build())
            .input(InputDescriptor.builder("parameters", DataType.ARRAY).required()
                    .field(InputDescriptor.builder("name", DataType.STRING).required().build())
                    .field(InputDescriptor.builder("dataType", DataType.STRING).required()
                            .allowedValues(List.of("STRING", "INTEGER")).build())
                    .field(InputDescriptor.builder("value", null).typeFrom("dataType").build())
                    .build())
            .input(InputDescriptor.builder("expectedVersion", DataType.INTEGER).build())
            .output(new OutputDescriptor(DataType.OBJECT, "the stored values"))
            .build();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void appliesDefaultsAndCoercesIncludingTypesNamedBySiblings() throws Exception {
        JsonNode result = InputValidator.validate(SET, json("""
                {"parameters": [{"name": "qty", "dataType": "INTEGER", "value": "42"}], "expectedVersion": "3"}"""));
        assertEquals(json("""
                {"scope": "LOCAL", "parameters": [{"name": "qty", "dataType": "INTEGER", "value": 42}],
                 "expectedVersion": 3}"""), result);
    }

    @Test
    @SuppressWarnings("unchecked")
    void collectsEveryViolationWithItsFieldPath() throws Exception {
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> InputValidator.validate(SET, json("""
                {"scope": "TOKEN", "typo": 1, "parameters": [
                  {"name": "qty", "dataType": "INTEGER", "value": "4.5"},
                  {"dataType": "STRING", "value": "x"},
                  "not an object"]}""")));
        assertEquals("INVALID_INPUT", error.code());
        List<Map<String, Object>> violations = (List<Map<String, Object>>) error.details().get("violations");
        assertEquals(List.of("typo", "scope", "parameters[0].value", "parameters[1].name", "parameters[2]"),
                violations.stream().map(v -> v.get("field")).toList());
        assertEquals(List.of("UNKNOWN_INPUT", "NOT_ALLOWED", "TYPE_MISMATCH", "REQUIRED", "NOT_AN_OBJECT"),
                violations.stream().map(v -> v.get("code")).toList());
        assertEquals("demo.set", error.details().get("method"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMissingOrNullRequiredValueNamesItsParameter() throws Exception {
        MethodDescriptor strict = MethodDescriptor.builder("demo.strict")
                .input(InputDescriptor.builder("parameters", DataType.ARRAY).required()
                        .field(InputDescriptor.builder("name", DataType.STRING).required().build())
                        .field(InputDescriptor.builder("dataType", DataType.STRING).required().build())
                        .field(InputDescriptor.builder("value", null).typeFrom("dataType").required().build())
                        .build())
                .output(new OutputDescriptor(DataType.OBJECT, "the stored values"))
                .build();
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> InputValidator.validate(strict,
                json("""
                        {"parameters": [{"name": "qty", "dataType": "INTEGER", "value": null},
                                        {"name": "sku", "dataType": "STRING"}]}""")));
        List<Map<String, Object>> violations = (List<Map<String, Object>>) error.details().get("violations");
        assertEquals(List.of("Parameter 'qty': 'parameters[0].value' is required, but was null (an EXPRESSION whose "
                        + "path finds nothing gives null).", "Parameter 'sku': 'parameters[1].value' is required."),
                violations.stream().map(v -> v.get("message")).toList());
    }

    @Test
    void missingRequiredInputAndNonObjectInputsAreRefused() throws Exception {
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> InputValidator.validate(SET, null));
        assertEquals("'parameters' is required.", missing.getMessage());
        InvalidInputException notObject = assertThrows(InvalidInputException.class,
                () -> InputValidator.validate(SET, json("[1]")));
        assertEquals("INVALID_INPUT", notObject.code());
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretValuesNeverAppearInMessages() throws Exception {
        MethodDescriptor withSecrets = MethodDescriptor.builder("demo.secret")
                .input(InputDescriptor.builder("token", DataType.INTEGER).secret().build())
                .input(InputDescriptor.builder("rows", DataType.ARRAY)
                        .field(InputDescriptor.builder("secret", DataType.BOOLEAN).build())
                        .field(InputDescriptor.builder("value", DataType.INTEGER).build()).build())
                .output(new OutputDescriptor(DataType.STRING, "")).build();
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> InputValidator.validate(
                withSecrets, json("{\"token\": \"hunter2\", \"rows\": [{\"secret\": true, \"value\": \"pa55word\"}]}")));
        String all = error.getMessage() + error.details();
        assertEquals(false, all.contains("hunter2"), all);
        assertEquals(false, all.contains("pa55word"), all);
        List<Map<String, Object>> violations = (List<Map<String, Object>>) error.details().get("violations");
        assertEquals(List.of("token", "rows[0].value"), violations.stream().map(v -> v.get("field")).toList());
    }

    @Test
    void leavesTheArgumentUnchanged() throws Exception {
        JsonNode inputs = json("{\"parameters\": [{\"name\": \"a\", \"dataType\": \"INTEGER\", \"value\": \"1\"}]}");
        String before = inputs.toString();
        InputValidator.validate(SET, inputs);
        assertEquals(before, inputs.toString());
    }

    @Test
    void normalInputsAreHandedBackAsTheyAre() throws Exception {
        JsonNode inputs = json("""
                {"scope": "GLOBAL", "parameters": [{"name": "a", "dataType": "INTEGER", "value": 1},
                                                   {"name": "b", "dataType": "STRING", "value": "x"}]}""");
        assertSame(inputs, InputValidator.validate(SET, inputs));
    }

    @Test
    void onlyWhatChangesIsCopied() throws Exception {
        JsonNode inputs = json("""
                {"parameters": [{"name": "a", "dataType": "INTEGER", "value": 1},
                                {"name": "b", "dataType": "INTEGER", "value": "2"},
                                {"name": "c", "dataType": "STRING", "value": "x"}],
                 "expectedVersion": null}""");
        String before = inputs.toString();
        ObjectNode result = InputValidator.validate(SET, inputs);

        assertEquals(json("""
                {"scope": "LOCAL", "parameters": [{"name": "a", "dataType": "INTEGER", "value": 1},
                                                  {"name": "b", "dataType": "INTEGER", "value": 2},
                                                  {"name": "c", "dataType": "STRING", "value": "x"}]}"""), result);
        assertFalse(result.has("expectedVersion"), "an explicit null without a default is dropped");
        assertEquals(before, inputs.toString());
        JsonNode rows = result.get("parameters");
        assertNotSame(inputs.get("parameters"), rows);
        assertSame(inputs.get("parameters").get(0), rows.get(0), "unchanged rows are not copied");
        assertNotSame(inputs.get("parameters").get(1), rows.get(1));
        assertSame(inputs.get("parameters").get(2), rows.get(2));
    }

    @Test
    void aDroppedNullOrAnAddedDefaultMakesACopy() throws Exception {
        JsonNode withNull = json("{\"scope\": \"GLOBAL\", \"parameters\": [], \"expectedVersion\": null}");
        ObjectNode dropped = InputValidator.validate(SET, withNull);
        assertEquals(json("{\"scope\": \"GLOBAL\", \"parameters\": []}"), dropped);
        assertSame(withNull.get("parameters"), dropped.get("parameters"));

        JsonNode withoutScope = json("{\"parameters\": []}");
        assertEquals(json("{\"scope\": \"LOCAL\", \"parameters\": []}"), InputValidator.validate(SET, withoutScope));
        assertEquals(json("{\"parameters\": []}"), withoutScope);
    }

    @Test
    void descriptorsRefuseBadIdsAndDuplicates() {
        assertThrows(IllegalArgumentException.class, () -> MethodDescriptor.builder("NoDot")
                .output(new OutputDescriptor(DataType.STRING, "")).build());
        assertThrows(IllegalArgumentException.class, () -> MethodDescriptor.builder("a.b")
                .input(InputDescriptor.builder("x", DataType.STRING).build())
                .input(InputDescriptor.builder("x", DataType.STRING).build())
                .output(new OutputDescriptor(DataType.STRING, "")).build());
        assertThrows(IllegalArgumentException.class, () -> InputDescriptor.builder("1x", DataType.STRING).build());
    }
}
