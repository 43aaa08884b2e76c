package dev.sessionkit.host.metrics;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * {@code GET /metrics}: {@link HostMetrics} in Prometheus' text format (version 0.0.4), or in the OpenMetrics text
 * format (1.0.0) when the {@code Accept} header asks for {@code application/openmetrics-text} (as Prometheus does
 * when it scrapes), open to anyone like {@code /health}: it holds counts and timings, never ids, tokens or values.
 * Put the host behind a proxy that restricts it if that is too much.
 */
public final class MetricsRoutes {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The OpenMetrics text format, answered when the Accept header names it. */
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HostMetrics metrics;

    /** @param metrics the host's metrics */
    public MetricsRoutes(HostMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/openmetrics-text")) {
            ctx.contentType(OPENMETRICS).result(metrics.scrape(OPENMETRICS));
        } else {
            ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
        }
    }
}
