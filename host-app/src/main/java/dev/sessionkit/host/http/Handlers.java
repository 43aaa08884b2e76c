package dev.sessionkit.host.http;

import io.javalin.http.Handler;
import java.util.List;

/**
 * Several before-, before-matched or after-handlers registered as one.
 *
 * <p>Javalin runs each such handler as a task of its own, and before each before-matched handler it extracts the
 * matched route's path parameters again (a regular expression over the path: about half a microsecond a handler on a
 * direct method call, whose route has two). The host's handlers all apply to every path, so they are registered
 * together, in order. What one throws ends the request as it did when they were separate, and the ones after it in
 * the same group do not run: as Javalin skips the remaining before-handlers after an exception, so group after-handlers
 * only when none of them throws. Stateless; thread-safe if the handlers are.
 */
public final class Handlers {
    private Handlers() {
    }

    /**
     * @param handlers the handlers, run in this order on every request (none null)
     * @return one handler running them
     */
    public static Handler inOrder(Handler... handlers) {
        List<Handler> all = List.of(handlers);
        return ctx -> {
            for (Handler handler : all) {
                handler.handle(ctx);
            }
        };
    }
}
