package dev.sessionkit.host.flows;

import dev.sessionkit.host.http.JsonContentType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A flow's REST trigger: {@code /run/{appId}} followed by {@link #path()}, called with {@link #method()}.
 *
 * <p>A path is {@code /} or {@code /segment/...}, where a segment is a literal ({@code orders}, letters, digits and
 * {@code . _ ~ -}) or a parameter ({@code {id}}), readable as {@code request.params.id}. Two triggers <em>clash</em>
 * when they have the same method and the same shape (the same literals at the same places, parameters anywhere
 * named); when several triggers of different shapes match one path, a literal beats a parameter at the first
 * segment where they differ ({@code /orders/new} before {@code /orders/{id}}).
 *
 * @param method       the HTTP method in upper case: GET, POST, PUT, PATCH or DELETE
 * @param path         the path, normalized (no trailing slash)
 * @param auth         whether a JWT is required
 * @param contentTypes the media types a request body may be declared as (read as JSON whatever they say):
 *                     {@link JsonContentType#JSON} unless the flow says otherwise, {@code *}{@code /*} for any type
 *                     or none (see {@link JsonContentType#check})
 */
public record RestTrigger(String method, String path, TriggerAuth auth, List<String> contentTypes) {
    /** The HTTP methods a trigger may use. */
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Copies the media types. */
    public RestTrigger {
        contentTypes = List.copyOf(contentTypes);
    }

    /**
     * A trigger whose requests send JSON.
     *
     * @param method the HTTP method
     * @param path   the path, normalized
     * @param auth   whether a JWT is required
     */
    public RestTrigger(String method, String path, TriggerAuth auth) {
        this(method, path, auth, JsonContentType.JSON);
    }

    /**
     * Checks a path and normalizes it.
     *
     * @param path a candidate path
     * @return the problem, or empty when the path is valid
     */
    static Optional<String> problemOf(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.of("a trigger path starts with '/', such as /orders/{id}.");
        }
        Set<String> names = new HashSet<>();
        for (String segment : segments(path)) {
            var parameter = PARAMETER.matcher(segment);
            if (parameter.matches()) {
                if (!names.add(parameter.group(1))) {
                    return Optional.of("the parameter {" + parameter.group(1) + "} appears twice.");
                }
            } else if (!LITERAL.matcher(segment).matches()) {
                return Optional.of("'" + segment + "' is not a path segment: use letters, digits and . _ ~ -, or a "
                        + "parameter such as {id}; segments are separated by a single '/'.");
            }
        }
        return Optional.empty();
    }

    /** @param path a valid path @return it without a trailing slash ({@code /} stays) */
    static String normalize(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * Matches a request path.
     *
     * @param requestPath the path after {@code /run/{appId}}, starting with '/'
     * @return the path parameters by name, or empty when the path does not match
     */
    public Optional<Map<String, String>> match(String requestPath) {
        List<String> mine = segments(path);
        List<String> theirs = segments(normalize(requestPath));
        if (mine.size() != theirs.size()) return Optional.empty();
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < mine.size(); i++) {
            String segment = mine.get(i);
            if (isParameter(segment)) {
                if (theirs.get(i).isEmpty()) return Optional.empty();
                params.put(segment.substring(1, segment.length() - 1), theirs.get(i));
            } else if (!segment.equals(theirs.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** @param other another trigger @return whether both answer the same requests */
    public boolean clashesWith(RestTrigger other) {
        return method.equals(other.method) && shape().equals(other.shape());
    }

    /**
     * Orders triggers matching one path: the more specific first.
     *
     * @param other another trigger matching the same path
     * @return negative when this one is more specific
     */
    int compareSpecificity(RestTrigger other) {
        List<String> mine = segments(path);
        List<String> theirs = segments(other.path);
        for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
            boolean myLiteral = !isParameter(mine.get(i));
            boolean theirLiteral = !isParameter(theirs.get(i));
            if (myLiteral != theirLiteral) return myLiteral ? -1 : 1;
        }
        return 0;
    }

    private List<String> shape() {
        List<String> shape = new ArrayList<>();
        for (String segment : segments(path)) shape.add(isParameter(segment) ? "{}" : segment);
        return shape;
    }

    /** A segment of a valid path is a parameter exactly when it starts with '{' (see {@link #problemOf}). */
    private static boolean isParameter(String segment) {
        return segment.startsWith("{");
    }

    private static List<String> segments(String path) {
        if (path.equals("/")) return List.of();
        return List.of(path.substring(1).split("/", -1));
    }
}
