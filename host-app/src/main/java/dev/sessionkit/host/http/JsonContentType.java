package dev.sessionkit.host.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rule that keeps other sites' forms out: a JSON route reads a body only when it says it is JSON. A browser lets
 * any page send a cross-site {@code POST} without asking the server first only with the types of an HTML form
 * ({@code text/plain}, {@code application/x-www-form-urlencoded}, {@code multipart/form-data}) or none; a
 * {@code Content-Type: application/json} needs the server's consent (a CORS preflight), which the host never gives.
 * So a form on another site can no longer end a SHARED session or run an anonymous flow in a visitor's browser.
 *
 * <ul>
 *   <li>A request with a body must declare a JSON type: {@code application/json} or {@code application/<x>+json},
 *       with parameters or not ({@code application/json; charset=utf-8}).</li>
 *   <li>A {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE} that declares a type must declare a JSON one, even
 *       without a body. A request without body and without {@code Content-Type} is fine (a bare {@code POST}).</li>
 *   <li>Otherwise: {@code 415 UNSUPPORTED_MEDIA_TYPE}, before anything runs, with {@code details.contentType} (the
 *       declared media type, or null) and {@code details.accepted}.</li>
 * </ul>
 * Flow triggers ({@code /run/...}) apply the same rule with the media types their flow accepts
 * ({@code trigger.contentTypes}, checked in {@link #check}). Stateless.
 */
public final class JsonContentType {
    /** The media types of a route that reads JSON. */
    public static final List<String> JSON = List.of("application/json");
    /** The entry of an accepted list that accepts any type, or none. */
    public static final String ANY = "*/*";

    private static final Pattern JSON_SUFFIX = Pattern.compile("application/[^/;\\s]+\\+json");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]{1,64}/[a-z0-9!#$&^_.+-]{1,64}");

    private JsonContentType() {
    }

    /** @return a before-handler applying the rule to every matched route but the flow triggers */
    public static Handler require() {
        return ctx -> {
            String path = ctx.path();
            if (!path.equals("/run") && !path.startsWith("/run/")) {
                check(ctx, JSON);
            }
        };
    }

    /**
     * Applies the rule with the media types a route accepts.
     *
     * @param ctx      the request
     * @param accepted media types in lower case without parameters; {@code application/json} also accepts
     *                 {@code application/<x>+json}; {@value #ANY} accepts everything, no type included
     * @throws UnsupportedMediaTypeException code {@code UNSUPPORTED_MEDIA_TYPE}
     */
    public static void check(Context ctx, List<String> accepted) {
        if (accepted.contains(ANY)) return;
        String declared = mediaType(ctx.header("Content-Type"));
        boolean body = hasBody(ctx);
        if (declared == null) {
            if (body) throw refused(null, accepted);
            return;
        }
        String method = ctx.method().name();
        boolean reads = body || !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
        if (reads && !accepts(accepted, declared)) throw refused(declared, accepted);
    }

    /**
     * @param accepted media types, as {@link #check} takes them
     * @param declared a declared media type in lower case without parameters
     * @return whether the list accepts it
     */
    static boolean accepts(List<String> accepted, String declared) {
        if (accepted.contains(ANY) || accepted.contains(declared)) return true;
        return accepted.contains("application/json") && JSON_SUFFIX.matcher(declared).matches();
    }

    /**
     * @param text a candidate entry of an accepted list
     * @return whether it is a media type ({@code type/subtype}, lower case, no parameters) or {@value #ANY}
     */
    public static boolean isMediaType(String text) {
        return text.equals(ANY) || MEDIA_TYPE.matcher(text).matches();
    }

    /** @return the media type of a Content-Type header, lower case, without parameters; null when none */
    private static String mediaType(String header) {
        if (header == null) return null;
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static UnsupportedMediaTypeException refused(String declared, List<String> accepted) {
        Map<String, Object> details = new LinkedHashMap<>();
        String shown = declared == null ? null : declared.length() > 100 ? declared.substring(0, 100) : declared;
        details.put("contentType", shown);
        details.put("accepted", accepted);
        String what = declared == null ? "The request has a body but no Content-Type."
                : "The request body is declared as '" + shown + "'.";
        return new UnsupportedMediaTypeException("UNSUPPORTED_MEDIA_TYPE", what + " Send JSON with 'Content-Type: "
                + "application/json'" + (accepted.equals(JSON) ? "" : " or one of " + String.join(", ", accepted))
                + ".", details);
    }
}
