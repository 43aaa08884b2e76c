package dev.sessionkit.host.http;

import dev.sessionkit.host.expression.RequestView;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link RequestView} expressions read from a Javalin request, without the headers expressions must never
 * see: {@link RequestView#ALWAYS_HIDDEN} and the host's {@code hidden-request-headers} ({@link #HIDDEN_HEADERS}).
 * Stateless.
 */
public final class RequestViews {
    /**
     * The lower-case names of the headers hidden besides {@link RequestView#ALWAYS_HIDDEN}, registered once with
     * {@code cfg.appData(RequestViews.HIDDEN_HEADERS, names)}.
     */
    public static final Key<Set<String>> HIDDEN_HEADERS = new Key<>("sessionkit.hiddenRequestHeaders");

    private RequestViews() {
    }

    /**
     * @param ctx    the request
     * @param params the path parameters of the flow's trigger (empty for a direct call)
     * @return its headers (hidden ones dropped), the first value of each query parameter, and {@code params}
     */
    public static RequestView of(Context ctx, Map<String, String> params) {
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
            if (!parameter.getValue().isEmpty()) {
                query.put(parameter.getKey(), parameter.getValue().get(0));
            }
        }
        return of(ctx, ctx.headerMap(), query, params);
    }

    /**
     * A view of a request described by hand (a flow's test run sends the headers it simulates).
     *
     * @param ctx     the request that describes it (for the host's settings)
     * @param headers header values by name (hidden ones dropped)
     * @param query   query parameters
     * @param params  path parameters
     * @return the view
     */
    public static RequestView of(Context ctx, Map<String, String> headers, Map<String, String> query,
                                 Map<String, String> params) {
        Set<String> hidden = ctx.appData(HIDDEN_HEADERS);
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!hidden.contains(name.toLowerCase(Locale.ROOT))) shown.put(name, value);
        });
        return new RequestView(shown, query, params);
    }
}
