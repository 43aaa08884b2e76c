package dev.sessionkit.host.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A short id per request, returned in the {@code X-Request-Id} response header, written in the request's log line
 * and in the details of a 500, so an operator can find the log of a failure a caller reports.
 *
 * <p>A caller's own {@code X-Request-Id} (1 to 64 letters, digits, dashes or underscores) is kept, so ids can be
 * followed through a proxy; anything else is replaced by a fresh random id.
 */
public final class RequestIds {
    /** The request and response header. */
    public static final String HEADER = "X-Request-Id";

    private static final String ATTRIBUTE = RequestIds.class.getName();
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RequestIds() {
    }

    /** @return a before-handler giving every request its id */
    public static Handler assign() {
        return ctx -> {
            String given = ctx.header(HEADER);
            String id = given != null && ACCEPTED.matcher(given).matches() ? given : fresh();
            ctx.attribute(ATTRIBUTE, id);
            ctx.header(HEADER, id);
        };
    }

    /** @param ctx a request @return its id (a fresh one if {@link #assign} did not run) */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : fresh();
    }

    private static String fresh() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
