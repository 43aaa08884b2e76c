import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The framework's floor for issue 15's HTTP target: a bare Javalin + java-jwt + Caffeine + Jackson server with the
 * host's three endpoints of bench/http-load.sh and none of the host's own work (no plugins, no descriptors, no
 * request log, metrics, request ids, security headers or quotas). It answers:
 * <ul>
 *   <li>{@code GET /health}: a constant {@code {"status":"UP"}};
 *   <li>{@code GET /api/auth/me}: the bearer token checked (HS256, the verified token cached in Caffeine as the host
 *       caches it) and the user's name answered;
 *   <li>{@code POST /api/apps/{appId}/methods/{methodId}}: the token checked, the JSON body parsed, both path
 *       parameters read, the user's three values got from a Caffeine cache, the answer written as JSON.
 *   <li>to take the last one apart: {@code POST /bare/post} (the same request, a constant answer, the body not
 *       read), {@code POST /bare/post-body} (the body read and parsed) and
 *       {@code POST /bare/params/{appId}/methods/{methodId}} (two path parameters read, nothing else).
 * </ul>
 * The Jetty settings are the host's (4 KiB answer copy buffer, header cache of 256), and it reads a body as the host
 * does (into one array of its {@code Content-Length}). It prints a signed-in token (with the host's claims, a little
 * longer than the host's: Jetty parses more, never less) on its first line, then serves on 127.0.0.1:PORT until
 * killed.
 *
 *   java -cp host-app/target/sessionkit.jar bench/BareEndpoint.java PORT
 */
public final class BareEndpoint {
    record Verified(String user, Instant expiresAt) {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        Algorithm algorithm = Algorithm.HMAC256("bare-endpoint-secret-of-thirty-two-bytes!");
        JWTVerifier verifier = JWT.require(algorithm).withIssuer("sessionkit").build();
        Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
        Cache<String, Map<String, JsonNode>> sessions = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterAccess(Duration.ofMinutes(30)).executor(Runnable::run).build();
        ObjectNode values = mapper.createObjectNode();
        values.put("cartId", "cart-42").put("itemCount", 3).put("lastSeen", "2026-11-22T10:15:30+01:00");
        sessions.put("admin", Map.of("cartId", values.get("cartId"), "itemCount", values.get("itemCount"),
                "lastSeen", values.get("lastSeen")));
        // Claims like the host's, so the header Jetty parses is at least as long.
        String token = JWT.create().withIssuer("sessionkit").withSubject("admin").withClaim("name", "admin")
                .withClaim("roleId", "admin").withClaim("uid", "00000000-0000-0000-0000-000000000001")
                .withJWTId("11111111-2222-3333-4444-555555555555").withIssuedAt(Instant.now())
                .withExpiresAt(Instant.now().plus(Duration.ofHours(8))).sign(algorithm);
        System.out.println(token);

        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.responseBufferSize = 4096;
            cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(256));
            cfg.routes.post("/api/apps/{appId}/methods/{methodId}", ctx -> {
                String user = user(ctx, verifier, verified);
                JsonNode body = mapper.readTree(body(ctx));
                String app2 = ctx.pathParam("appId") + ctx.pathParam("methodId");
                Map<String, JsonNode> found = sessions.getIfPresent(user);
                ObjectNode output = mapper.createObjectNode();
                for (JsonNode name : body.path("inputs").path("parameters")) {
                    String key = name.path("name").asText();
                    output.set(key, found.get(key));
                }
                ObjectNode answer = mapper.createObjectNode();
                answer.set("output", output);
                answer.putObject("meta").put("method", app2.length());
                ctx.contentType("application/json").result(mapper.writeValueAsBytes(answer));
            });
            cfg.routes.get("/api/auth/me", ctx -> {
                String user = user(ctx, verifier, verified);
                ctx.contentType("application/json").result(mapper.writeValueAsBytes(Map.of("username", user)));
            });
            // The decomposition: what a POST with the same headers and body costs before any of the work above.
            cfg.routes.post("/bare/post", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
            cfg.routes.post("/bare/post-body", ctx -> {
                JsonNode body = mapper.readTree(body(ctx));
                ctx.contentType("application/json").result(body.size() == 1 ? "{\"status\":\"UP\"}" : "{}");
            });
            cfg.routes.post("/bare/params/{appId}/methods/{methodId}", ctx -> ctx.contentType("application/json")
                    .result(ctx.pathParam("appId").length() + ctx.pathParam("methodId").length() > 0
                            ? "{\"status\":\"UP\"}" : "{}"));
            cfg.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
        });
        app.start("127.0.0.1", port);
    }

    /**
     * The body into one array of its Content-Length, as the host reads it (cheaper than Javalin's copying reader). A
     * body without a Content-Length (chunked) is not handled: wrk always sends one.
     */
    private static byte[] body(Context ctx) throws java.io.IOException {
        try (var in = ctx.req().getInputStream()) {
            return in.readNBytes((int) ctx.req().getContentLengthLong());
        }
    }

    private static String user(Context ctx, JWTVerifier verifier, Cache<String, Verified> verified) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            throw new UnauthorizedResponse();
        }
        String token = header.substring(7);
        Verified known = verified.get(token, t -> {
            var jwt = verifier.verify(t);
            return new Verified(jwt.getSubject(), jwt.getExpiresAtAsInstant());
        });
        if (known.expiresAt().isBefore(Instant.now())) {
            throw new UnauthorizedResponse();
        }
        return known.user();
    }
}
