package dev.sessionkit.host.http;

import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.ForbiddenException;
import dev.sessionkit.api.error.GatewayTimeoutException;
import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.MethodFailedException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.api.error.TooManyRequestsException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.error.UnprocessableException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: {@code {"error": {"code", "message", "details"}}}.
 *
 * <table>
 *   <caption>Status per failure</caption>
 *   <tr><th>failure</th><th>status</th><th>code</th></tr>
 *   <tr><td>{@link InvalidInputException}</td><td>400</td><td>its own</td></tr>
 *   <tr><td>{@link UnauthorizedException}</td><td>401 (with {@code WWW-Authenticate: Bearer})</td><td>its own</td></tr>
 *   <tr><td>{@link ForbiddenException}</td><td>403</td><td>its own</td></tr>
 *   <tr><td>{@link NotFoundException}</td><td>404</td><td>its own</td></tr>
 *   <tr><td>{@link ConflictException}</td><td>409</td><td>its own</td></tr>
 *   <tr><td>{@link PayloadTooLargeException}</td><td>413</td><td>its own</td></tr>
 *   <tr><td>{@link UnsupportedMediaTypeException}</td><td>415</td><td>its own</td></tr>
 *   <tr><td>{@link UnprocessableException}</td><td>422</td><td>its own</td></tr>
 *   <tr><td>{@link TooManyRequestsException}</td><td>429 (with {@code Retry-After} in seconds)</td>
 *       <td>its own</td></tr>
 *   <tr><td>{@link InsufficientStorageException}</td><td>507 (logged as a warning)</td><td>its own</td></tr>
 *   <tr><td>{@link GatewayTimeoutException}</td><td>504 (logged as a warning)</td><td>its own</td></tr>
 *   <tr><td>{@link ServiceUnavailableException}</td><td>503 (with {@code Retry-After: 1}, logged as a warning)</td>
 *       <td>its own</td></tr>
 *   <tr><td>{@link MethodFailedException}, other product exceptions</td><td>500 (cause logged)</td>
 *       <td>its own</td></tr>
 *   <tr><td>no route for the path</td><td>404</td><td>{@code ROUTE_NOT_FOUND}</td></tr>
 *   <tr><td>a route exists for another HTTP method</td><td>405 (with {@code Allow})</td>
 *       <td>{@code METHOD_NOT_ALLOWED}</td></tr>
 *   <tr><td>body over the request size limit</td><td>413</td><td>{@code REQUEST_TOO_LARGE}</td></tr>
 *   <tr><td>anything else</td><td>500 (logged with the request id)</td><td>{@code INTERNAL_ERROR}</td></tr>
 * </table>
 * An unexpected failure's message and stack trace are logged, never sent: the caller gets the request id to quote.
 * The response's error code is also recorded for the request's log line ({@link #codeOf}).
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String CODE_ATTRIBUTE = ErrorMapper.class.getName() + ".code";

    private final long maxRequestSize;

    /** @param maxRequestSize the request body limit in bytes, quoted in 413 answers */
    public ErrorMapper(long maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.exception(SessionkitException.class, this::productFailure);
        routes.exception(HttpResponseException.class, this::httpFailure);
        routes.exception(Exception.class, this::unexpectedFailure);
    }

    /**
     * @param e a product exception
     * @return the HTTP status for it
     */
    public static int status(SessionkitException e) {
        if (e instanceof InvalidInputException) return 400;
        if (e instanceof UnauthorizedException) return 401;
        if (e instanceof ForbiddenException) return 403;
        if (e instanceof NotFoundException) return 404;
        if (e instanceof ConflictException) return 409;
        if (e instanceof PayloadTooLargeException) return 413;
        if (e instanceof UnsupportedMediaTypeException) return 415;
        if (e instanceof UnprocessableException) return 422;
        if (e instanceof TooManyRequestsException) return 429;
        if (e instanceof InsufficientStorageException) return 507;
        if (e instanceof GatewayTimeoutException) return 504;
        if (e instanceof ServiceUnavailableException) return 503;
        return 500;
    }

    /** @param ctx a request @return the error code answered, or null when it succeeded */
    public static String codeOf(Context ctx) {
        return ctx.attribute(CODE_ATTRIBUTE);
    }

    private void productFailure(SessionkitException e, Context ctx) {
        answer(ctx, e, e.getMessage(), e.details());
    }

    /**
     * Answers a product failure as a thrown one is answered (its status, {@code WWW-Authenticate} for a 401, a log
     * line for a 5xx), but with the message and details given: a flow's trigger passes them with the execution's
     * secret values hidden.
     *
     * @param ctx     the request
     * @param e       the failure
     * @param message the message to answer and log in place of the exception's
     * @param details the details to answer in place of the exception's (a map or a JSON object)
     */
    public static void answer(Context ctx, SessionkitException e, String message, Object details) {
        int status = status(e);
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        if (e instanceof TooManyRequestsException tooMany) {
            ctx.header("Retry-After", Long.toString(tooMany.retryAfterSeconds()));
        }
        if (status == 500) {
            // The exception itself only when its message is the one answered: a stack trace prints the message.
            Throwable logged = e.getCause() != null ? e.getCause() : message.equals(e.getMessage()) ? e : null;
            LOG.error("{} {} failed with {} (request {}): {}", ctx.method(), ctx.path(), e.code(), RequestIds.of(ctx),
                    message, logged);
        } else if (status > 500) {
            LOG.warn("{} {} failed with {} (request {}): {}", ctx.method(), ctx.path(), e.code(), RequestIds.of(ctx),
                    message);
        }
        respond(ctx, status, e.code(), message, details);
    }

    private void httpFailure(HttpResponseException e, Context ctx) {
        switch (e.getStatus()) {
            case 404 -> respond(ctx, 404, "ROUTE_NOT_FOUND", "There is no route " + ctx.method() + " " + ctx.path()
                    + ". The API is under /api (see docs/api.md); /health tells whether the host is up.",
                    Map.of("method", ctx.method().name(), "path", ctx.path()));
            case 405 -> {
                String allowed = String.join(", ", e.getDetails().values());
                ctx.header("Allow", allowed);
                respond(ctx, 405, "METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + ctx.path()
                        + ". Allowed: " + allowed + ".", Map.of("allowedMethods", List.of(allowed.split(", "))));
            }
            case 413 -> {
                PayloadTooLargeException tooLarge = RequestBody.tooLarge(maxRequestSize);
                respond(ctx, 413, tooLarge.code(), tooLarge.getMessage(), tooLarge.details());
            }
            default -> {
                HttpStatus status = HttpStatus.forStatus(e.getStatus());
                respond(ctx, e.getStatus(), status.name(), e.getMessage(), e.getDetails());
            }
        }
    }

    private void unexpectedFailure(Exception e, Context ctx) {
        String requestId = RequestIds.of(ctx);
        LOG.error("{} {} failed unexpectedly (request {})", ctx.method(), ctx.path(), requestId, e);
        respond(ctx, 500, "INTERNAL_ERROR", "The host failed to handle this request. Quote request id " + requestId
                + " to the operator, who will find the cause in the host's log.", Map.of("requestId", requestId));
    }

    /**
     * The error body of a product exception, for answers that embed one (a flow test run reports its error inside a
     * 200 answer).
     *
     * @param e a product exception
     * @return {@code {"error": {"code", "message", "details"}}}
     */
    public static Map<String, Object> body(SessionkitException e) {
        return body(e.code(), e.getMessage(), e.details());
    }

    /**
     * @param code    the error code
     * @param message what was wrong and how to fix it
     * @param details facts about it, may be null
     * @return {@code {"error": {"code", "message", "details"}}}
     */
    public static Map<String, Object> body(String code, String message, Map<String, ?> details) {
        return errorBody(code, message, details);
    }

    private static Map<String, Object> errorBody(String code, String message, Object details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details == null ? Map.of() : details);
        return Map.of("error", error);
    }

    private static void respond(Context ctx, int status, String code, String message, Object details) {
        ctx.attribute(CODE_ATTRIBUTE, code);
        ctx.status(status).json(errorBody(code, message, details));
    }
}
