package dev.sessionkit.host.expression;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What expressions may read of the HTTP request: {@code request.headers.*} (names case-insensitive),
 * {@code request.query.*} and {@code request.params.*}. The {@code Authorization}, {@code Proxy-Authorization} and
 * {@code Cookie} headers are never exposed, so a template can never copy a credential into session data; the host
 * hides the headers of its {@code hidden-request-headers} setting too ({@code http.RequestViews}).
 *
 * @param headers header values by lower-case name
 * @param query   query parameters (first value)
 * @param params  path parameters of the flow's trigger
 */
public record RequestView(Map<String, String> headers, Map<String, String> query, Map<String, String> params) {
    /** The headers never exposed, whatever the host's settings: lower-case names. */
    public static final Set<String> ALWAYS_HIDDEN = Set.of("authorization", "proxy-authorization", "cookie");

    /** Copies the maps, lower-cases header names and drops credentials ({@link #ALWAYS_HIDDEN}). */
    public RequestView {
        headers = headers.entrySet().stream()
                .filter(e -> !ALWAYS_HIDDEN.contains(e.getKey().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue,
                        (first, second) -> first));
        query = Map.copyOf(query);
        params = Map.copyOf(params);
    }

    /** A request with nothing to read (a call without HTTP). */
    public static final RequestView EMPTY = new RequestView(Map.of(), Map.of(), Map.of());
}
