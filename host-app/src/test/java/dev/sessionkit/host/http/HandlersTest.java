package dev.sessionkit.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlersTest {
    @Test
    void runsTheHandlersInTheOrderGiven() throws Exception {
        List<String> ran = new ArrayList<>();
        Handlers.inOrder(ctx -> ran.add("ids"), ctx -> ran.add("headers"), ctx -> ran.add("access")).handle(null);
        assertEquals(List.of("ids", "headers", "access"), ran);
    }

    @Test
    void whatAHandlerThrowsEndsTheGroup() {
        List<String> ran = new ArrayList<>();
        IllegalStateException refused = new IllegalStateException("refused");
        Handler group = Handlers.inOrder(ctx -> ran.add("content type"), ctx -> {
            throw refused;
        }, ctx -> ran.add("after the refusal"));
        assertSame(refused, assertThrows(IllegalStateException.class, () -> group.handle(null)));
        assertEquals(List.of("content type"), ran, "the handlers after the one that threw did not run");
    }
}
