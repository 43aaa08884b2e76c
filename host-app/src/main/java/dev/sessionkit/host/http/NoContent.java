package dev.sessionkit.host.http;

import io.javalin.http.Handler;

/**
 * A {@code 204 No Content} answer carries no {@code Content-Type} (Javalin gives every answer its default type,
 * {@code text/plain}, which told clients to expect text that never comes).
 */
public final class NoContent {
    private NoContent() {
    }

    /** @return an after-handler removing the content type of 204 answers */
    public static Handler withoutContentType() {
        return ctx -> {
            if (ctx.statusCode() == 204) {
                ctx.res().setContentType(null);
            }
        };
    }
}
