package dev.sessionkit.host.http;

import dev.sessionkit.host.expression.RequestView;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link RequestView} expressions read from a Javalin request. Stateless. */
public final class RequestViews {
    private RequestViews() {
    }

    /**
     * @param ctx    the request
     * @param params the path parameters of the flow's trigger (empty for a direct call)
     * @return its headers (credentials dropped by {@link RequestView}), the first value of each query parameter, and
     *         {@code params}
     */
    public static RequestView of(Context ctx, Map<String, String> params) {
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
            if (!parameter.getValue().isEmpty()) {
                query.put(parameter.getKey(), parameter.getValue().get(0));
            }
        }
        return new RequestView(ctx.headerMap(), query, params);
    }
}
