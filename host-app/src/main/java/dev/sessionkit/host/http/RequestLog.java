package dev.sessionkit.host.http;

import dev.sessionkit.host.auth.Access;
import dev.sessionkit.host.auth.Caller;
import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@code dev.sessionkit.host.request}: method, path, status, duration, the
 * signed-in user's id, the request id and the error code if any, for example
 * {@code POST /api/auth/login 401 12ms user=- request=3f2a... error=INVALID_CREDENTIALS}. Refused and failed requests
 * (status 400 and above) are logged at INFO; successful ones at DEBUG, so a busy host does not serialize every
 * request on the log's lock (enable DEBUG for that logger for a full access log).
 *
 * <p>Never logged: headers (so never an {@code Authorization} token), the query string, bodies (so never a password,
 * a token or a secret parameter value).
 */
public final class RequestLog implements RequestLogger {
    private static final Logger LOG = LoggerFactory.getLogger("dev.sessionkit.host.request");

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        boolean failed = ctx.statusCode() >= 400;
        if (!failed && !LOG.isDebugEnabled()) {
            return;
        }
        String user = Access.caller(ctx).map(Caller::user).map(u -> u.id()).orElse("-");
        String error = ErrorMapper.codeOf(ctx);
        String format = "{} {} {} {}ms user={} request={}{}";
        Object[] arguments = {ctx.method(), ctx.path(), ctx.statusCode(), Math.round(executionTimeMs), user,
                RequestIds.of(ctx), error == null ? "" : " error=" + error};
        if (failed) {
            LOG.info(format, arguments);
        } else {
            LOG.debug(format, arguments);
        }
    }
}
