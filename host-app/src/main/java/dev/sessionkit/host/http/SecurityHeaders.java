package dev.sessionkit.host.http;

import io.javalin.http.Handler;

/**
 * Headers every answer carries, the web UI's pages included: {@code X-Content-Type-Options: nosniff} (a browser
 * never guesses another type than the one sent), {@code X-Frame-Options: DENY} and
 * {@code Content-Security-Policy: frame-ancestors 'none'} (no other site can frame the admin UI to trick clicks), and
 * {@code Referrer-Policy: no-referrer}.
 */
public final class SecurityHeaders {
    private SecurityHeaders() {
    }

    /** @return a before-handler that sets the headers */
    public static Handler apply() {
        return ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Content-Security-Policy", "frame-ancestors 'none'");
            ctx.header("Referrer-Policy", "no-referrer");
        };
    }
}
