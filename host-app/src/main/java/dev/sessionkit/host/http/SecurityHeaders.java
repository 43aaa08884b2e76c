package dev.sessionkit.host.http;

import io.javalin.http.Handler;

/**
 * Headers every answer carries, the web UI's pages included: {@code X-Content-Type-Options: nosniff} (a browser
 * never guesses another type than the one sent), {@code X-Frame-Options: DENY} and the Content-Security-Policy given
 * (the web UI's: its own files only, and {@code frame-ancestors 'none'}, so no other site can frame the admin UI to
 * trick clicks), and {@code Referrer-Policy: no-referrer}.
 */
public final class SecurityHeaders {
    private SecurityHeaders() {
    }

    /**
     * @param contentSecurityPolicy the Content-Security-Policy of every answer
     * @return a before-handler that sets the headers
     */
    public static Handler apply(String contentSecurityPolicy) {
        return ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Content-Security-Policy", contentSecurityPolicy);
            ctx.header("Referrer-Policy", "no-referrer");
        };
    }
}
