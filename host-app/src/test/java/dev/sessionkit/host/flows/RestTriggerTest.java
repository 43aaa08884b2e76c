package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestTriggerTest {
    private static RestTrigger trigger(String method, String path) {
        return new RestTrigger(method, RestTrigger.normalize(path), TriggerAuth.JWT);
    }

    @Test
    void matchesLiteralsAndCapturesParameters() {
        RestTrigger orders = trigger("GET", "/orders/{id}/lines/{line}");
        assertEquals(Optional.of(Map.of("id", "A-1", "line", "3")), orders.match("/orders/A-1/lines/3"));
        assertEquals(Optional.of(Map.of("id", "A-1", "line", "3")), orders.match("/orders/A-1/lines/3/"));
        assertTrue(orders.match("/orders/A-1/lines").isEmpty());
        assertTrue(orders.match("/orders//lines/3").isEmpty(), "a parameter is never empty");
        assertTrue(orders.match("/order/A-1/lines/3").isEmpty());
        assertEquals(Optional.of(Map.of()), trigger("POST", "/").match("/"));
    }

    @Test
    void clashesNeedTheSameMethodAndShape() {
        assertTrue(trigger("POST", "/cart/{a}").clashesWith(trigger("POST", "/cart/{b}/")));
        assertFalse(trigger("POST", "/cart/{a}").clashesWith(trigger("PUT", "/cart/{a}")));
        assertFalse(trigger("POST", "/cart/{a}").clashesWith(trigger("POST", "/cart/new")));
    }

    @Test
    void literalsAreMoreSpecificThanParameters() {
        assertTrue(trigger("GET", "/orders/new").compareSpecificity(trigger("GET", "/orders/{id}")) < 0);
        assertTrue(trigger("GET", "/{a}/x").compareSpecificity(trigger("GET", "/a/{x}")) > 0);
    }

    @Test
    void refusesPathsThatAreNotPaths() {
        assertTrue(RestTrigger.problemOf("/orders/{id}").isEmpty());
        assertTrue(RestTrigger.problemOf("orders").isPresent());
        assertTrue(RestTrigger.problemOf("/a//b").isPresent());
        assertTrue(RestTrigger.problemOf("/a/{id}/{id}").isPresent());
        assertTrue(RestTrigger.problemOf("/a b").isPresent());
        assertTrue(RestTrigger.problemOf("/{1x}").isPresent());
        assertTrue(RestTrigger.problemOf(null).isPresent());
    }
}
