package dev.sessionkit.session;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.descriptor.InputDescriptor;
import dev.sessionkit.api.descriptor.InputValidator;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sanity of every descriptor: the UI renders forms from them and the host validates calls with them. */
class SessionMethodsDescriptorTest {
    private static final List<String> CONTRACT_IDS = List.of("session.exists", "session.set-parameters",
            "session.update-parameters", "session.get-parameters", "session.delete-parameters", "session.get-username", "session.get-userid",
            "session.get-roleid", "session.manage", "session.start", "session.end", "session.clear",
            "session.touch", "session.info", "session.open");
    private static final Set<String> ADDRESSED = Set.of("session.exists", "session.set-parameters",
            "session.update-parameters",
            "session.get-parameters", "session.delete-parameters", "session.end", "session.clear", "session.touch",
            "session.info");

    private static List<MethodDescriptor> descriptors() {
        return new SessionMethods().methods().stream().map(PluginMethod::descriptor).toList();
    }

    private static MethodDescriptor descriptor(String id) {
        return descriptors().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theExtensionContributesExactlyTheContractMethodsOnce() {
        assertEquals(CONTRACT_IDS, descriptors().stream().map(MethodDescriptor::id).toList());
    }

    @Test
    void displayNamesAreTheContractNames() {
        Map<String, String> names = Map.ofEntries(Map.entry("session.exists", "Session Exist"),
                Map.entry("session.set-parameters", "Set Parameters"),
                Map.entry("session.update-parameters", "Update Parameters"),
                Map.entry("session.get-parameters", "Get Parameters"),
                Map.entry("session.delete-parameters", "Delete Parameters"),
                Map.entry("session.get-username", "Get UserName"), Map.entry("session.get-userid", "Get UserId"),
                Map.entry("session.get-roleid", "Get Role Id"), Map.entry("session.manage", "Session Management"),
                Map.entry("session.start", "Start Session"), Map.entry("session.end", "End Session"),
                Map.entry("session.clear", "Clear Session Data"), Map.entry("session.touch", "Extend Session"),
                Map.entry("session.info", "Session Info"), Map.entry("session.open", "Open Shared Session"));
        descriptors().forEach(d -> assertEquals(names.get(d.id()), d.name(), d.id()));
    }

    @Test
    void everyMethodAndInputIsDocumented() {
        for (MethodDescriptor d : descriptors()) {
            assertFalse(d.description().isBlank(), d.id());
            assertTrue(d.details().contains("### Errors"), d.id() + " details list its errors");
            assertTrue(d.details().contains("### Example"), d.id() + " details show an example");
            assertFalse(d.output().help().isBlank(), d.id());
            for (InputDescriptor input : allInputs(d.inputs())) {
                assertFalse(input.help().isBlank(), d.id() + "." + input.id() + " has help");
                assertFalse(input.name().equals(input.id()), d.id() + "." + input.id() + " has a display name");
            }
        }
    }

    @Test
    void everyExampleValidatesAgainstItsOwnDescriptor() {
        for (MethodDescriptor d : descriptors()) {
            assertNotNull(d.example(), d.id());
            assertTrue(d.example().path("message").isObject(), d.id());
            assertDoesNotThrow(() -> InputValidator.validate(d, d.example().get("inputs")), d.id());
        }
    }

    @Test
    void dataMethodsShareTheAddressingInputs() {
        for (String id : ADDRESSED) {
            MethodDescriptor d = descriptor(id);
            InputDescriptor scope = d.input("scope").orElseThrow();
            assertEquals(List.of("LOCAL", "GLOBAL", "SHARED", "TOKEN"), scope.allowedValues(), id);
            assertEquals("LOCAL", scope.defaultValue().asText(), id);
            InputDescriptor name = d.input("sessionName").orElseThrow();
            assertEquals(Map.of("scope", List.of("SHARED")), name.showWhen(), id);
            InputDescriptor token = d.input("token").orElseThrow();
            assertEquals(Map.of("scope", List.of("TOKEN")), token.showWhen(), id);
            assertTrue(token.secret(), id + " token is secret");
        }
    }

    @Test
    void onlyTheUserMethodsRequireAUserAndTheyTakeNoInputs() {
        Set<String> userMethods = Set.of("session.get-username", "session.get-userid", "session.get-roleid");
        for (MethodDescriptor d : descriptors()) {
            assertEquals(userMethods.contains(d.id()), d.requiresUser(), d.id());
        }
        for (String id : userMethods) {
            assertTrue(descriptor(id).inputs().isEmpty(), id);
            assertEquals(DataType.STRING, descriptor(id).output().dataType(), id);
        }
    }

    @Test
    void setParametersRowsTakeTheirValueTypeFromTheirDataType() {
        InputDescriptor parameters = descriptor("session.set-parameters").input("parameters").orElseThrow();
        assertEquals(List.of("name", "dataType", "valueType", "value", "secret"),
                parameters.fields().stream().map(InputDescriptor::id).toList());
        InputDescriptor value = parameters.fields().get(3);
        assertEquals("dataType", value.typeFrom());
        assertEquals(null, value.dataType());
        assertEquals(List.of("STRING", "INTEGER", "NUMBER", "BOOLEAN", "DATETIME", "OBJECT", "ARRAY"),
                parameters.fields().get(1).allowedValues());
        assertEquals("STATIC", parameters.fields().get(2).defaultValue().asText());
        assertEquals(List.of("STATIC", "EXPRESSION"), parameters.fields().get(2).allowedValues());
        assertFalse(parameters.fields().get(4).defaultValue().asBoolean());
    }

    @Test
    void updateParametersRowsAreTypedOperationsTheFormCanRender() {
        InputDescriptor operations = descriptor("session.update-parameters").input("operations").orElseThrow();
        assertTrue(operations.required());
        assertEquals(List.of("operation", "name", "path", "dataType", "valueType", "value", "each"),
                operations.fields().stream().map(InputDescriptor::id).toList());
        assertEquals(List.of("append", "remove", "increment", "merge", "unset"),
                operations.fields().get(0).allowedValues());
        assertEquals("dataType", operations.fields().get(5).typeFrom(), "the value is edited as its row's type");
        assertEquals(List.of("STATIC", "EXPRESSION"), operations.fields().get(4).allowedValues());
    }

    @Test
    void enumInputsListTheirValuesAndDefaults() {
        MethodDescriptor manage = descriptor("session.manage");
        assertEquals(List.of("GET_DATA", "PUT_DATA", "DELETE_DATA", "APPEND_DATA"),
                manage.input("operation").orElseThrow().allowedValues());
        assertTrue(manage.input("operation").orElseThrow().required());
        assertEquals(List.of("LOCAL", "GLOBAL"), manage.input("sessionType").orElseThrow().allowedValues());
        MethodDescriptor start = descriptor("session.start");
        assertEquals(List.of("END_SESSION", "DELETE_DATA"), start.input("onExpiry").orElseThrow().allowedValues());
        assertEquals("END_SESSION", start.input("onExpiry").orElseThrow().defaultValue().asText());
        assertEquals(List.of("name", "ttlSeconds", "idleTimeoutSeconds", "extendOnGet", "extendOnSet", "onExpiry"),
                start.inputs().stream().map(InputDescriptor::id).toList());
        assertEquals(List.of("sessionName"), descriptor("session.open").inputs().stream().map(InputDescriptor::id)
                .toList());
    }

    @Test
    void everyInstanceAnswersTheSameDescriptors() {
        assertEquals(descriptors(), descriptors());
    }

    @Test
    void theExtensionIndexNamesTheProvider() throws Exception {
        Path classes = Path.of(SessionMethods.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path index = classes.resolve("META-INF/extensions.idx");
        assertTrue(Files.isRegularFile(index), index + " is missing: PF4J's annotation processor did not run");
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        assertTrue(lines.contains(SessionMethods.class.getName()), lines.toString());
    }

    private static List<InputDescriptor> allInputs(List<InputDescriptor> inputs) {
        List<InputDescriptor> all = new ArrayList<>();
        for (InputDescriptor input : inputs) {
            all.add(input);
            all.addAll(allInputs(input.fields()));
        }
        return all;
    }
}
