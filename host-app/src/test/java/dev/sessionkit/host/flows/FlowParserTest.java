package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.session.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Flow> parse(String flows) throws Exception {
        return FlowParser.parse((ArrayNode) JSON.readTree(flows));
    }

    private static InvalidInputException refused(String flows) {
        return assertThrows(InvalidInputException.class, () -> parse(flows));
    }

    @Test
    void appliesTheDefaults() throws Exception {
        Flow flow = parse("""
                [{"id": "f", "trigger": {"method": "post", "path": "/a/"}, "steps": [
                  {"id": "s", "method": "session.get-parameters", "output": {"name": "v"}},
                  {"id": "e", "type": "for-each", "items": "{{ message.list }}"},
                  {"id": "p", "type": "parallel", "branches": [{"id": "b"}]}]}]""").get(0);
        assertEquals("f", flow.name());
        assertEquals(new RestTrigger("POST", "/a", TriggerAuth.JWT), flow.trigger());
        assertEquals(Flow.DEFAULT_TIMEOUT, flow.timeout());
        assertEquals(Flow.DEFAULT_MAX_BODY_BYTES, flow.maxBodyBytes());
        MethodStep step = (MethodStep) flow.steps().get(0);
        assertEquals(new OutputConfig(null, Scope.LOCAL, "v", null), step.output());
        assertEquals(0, step.input().size());
        ForEachStep each = (ForEachStep) flow.steps().get(1);
        assertEquals("e", each.target().text(), "results go to the step's id");
        assertEquals(false, each.scoped());
        assertEquals("p", ((ParallelStep) flow.steps().get(2)).target().text());
    }

    @Test
    void readsTheOutputConfiguration() throws Exception {
        MethodStep step = (MethodStep) parse("""
                [{"id": "f", "trigger": {"method": "GET", "path": "/"}, "steps": [{"id": "s", "method": "m",
                  "output": {"dataType": "integer", "scope": "GLOBAL", "name": "n", "target": "a.b"}}]}]""")
                .get(0).steps().get(0);
        assertEquals(DataType.INTEGER, step.output().dataType());
        assertEquals(Scope.GLOBAL, step.output().scope());
        assertEquals(List.of("a", "b"), step.output().target().segments());
    }

    @Test
    void namesTheFieldOfEachProblem() {
        InvalidInputException nested = refused("""
                [{"id": "f", "trigger": {"method": "GET", "path": "/"}, "steps": [
                  {"id": "p", "type": "parallel", "branches": [{"id": "b", "steps": [{"id": "x", "method": "m"}]},
                                                              {"id": "c", "steps": [{"id": "x", "method": "m"}]}]}]}]""");
        assertEquals("DUPLICATE_STEP_ID", nested.code());
        assertEquals("x", nested.details().get("stepId"));

        InvalidInputException target = refused("""
                [{"id": "f", "trigger": {"method": "GET", "path": "/"}, "steps": [
                  {"id": "s", "method": "m", "output": {"target": "a..b"}}]}]""");
        assertEquals("output.target", target.details().get("field"));

        InvalidInputException timeout = refused("""
                [{"id": "f", "timeoutSeconds": 0, "trigger": {"method": "GET", "path": "/"}}]""");
        assertEquals("timeoutSeconds", timeout.details().get("field"));
        assertNull(timeout.details().get("stepId"));

        InvalidInputException noTrigger = refused("[{\"id\": \"f\", \"steps\": []}]");
        assertEquals("trigger", noTrigger.details().get("field"));

        InvalidInputException noId = refused("[{\"trigger\": {\"method\": \"GET\", \"path\": \"/\"}}]");
        assertEquals("id", noId.details().get("field"));
        assertEquals(0, noId.details().get("flowIndex"));
        assertTrue(noId.getMessage().startsWith("Flow #0"), noId.getMessage());

        InvalidInputException items = refused("""
                [{"id": "f", "trigger": {"method": "GET", "path": "/"}, "steps": [
                  {"id": "e", "type": "for-each", "items": 3}]}]""");
        assertEquals("items", items.details().get("field"));

        InvalidInputException type = refused("""
                [{"id": "f", "trigger": {"method": "GET", "path": "/"}, "steps": [{"id": "e", "type": "loop"}]}]""");
        assertEquals("type", type.details().get("field"));
    }

    @Test
    void listsEveryProblemAtOnceTheFirstInTheDetails() {
        InvalidInputException all = refused("""
                [{"id": "f", "trigger": {"method": "GET", "path": "/"}, "steps": [
                   {"id": "a", "type": "loop"},
                   {"id": "e", "type": "for-each", "items": "{{ message.items }}", "steps": [
                     {"id": "b", "method": "m", "input": {"x": {"valueType": "EXPRESSION", "value": "{{ a + }}"}}}]},
                   {"id": "c", "method": "m", "output": {"scope": "LOCAL"}}]},
                 {"id": "g", "trigger": {"method": "TRACE", "path": "/"}, "steps": [{"id": "ok", "method": "m"}]},
                 {"id": "f", "trigger": {"method": "POST", "path": "/f"}}]""");
        assertEquals("INVALID_STEP", all.code());
        assertEquals("a", all.details().get("stepId"));
        assertTrue(all.getMessage().endsWith("(and 4 more problems, each in details.errors)"), all.getMessage());
        List<?> errors = (List<?>) all.details().get("errors");
        assertEquals(List.of("f/a/type", "f/b/input.x.value", "f/c/output.name", "g/null/trigger.method",
                "f/null/id"), errors.stream().map(e -> (java.util.Map<?, ?>) e)
                .map(e -> e.get("flowId") + "/" + e.get("stepId") + "/" + e.get("field")).toList());
        assertEquals("DUPLICATE_FLOW_ID", ((java.util.Map<?, ?>) errors.get(4)).get("code"));
    }
}
