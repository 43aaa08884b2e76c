package dev.sessionkit.host;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run of the host's class data archive: starts a host over a scratch data directory on a loopback port,
 * sends it the requests of a first session (health, sign-in, set and get parameters, a TOKEN session, the web UI, the
 * OpenAPI document, metrics), stops it and deletes the directory. Run under {@code -XX:ArchiveClassesAtExit}, the JVM
 * then writes every class this loaded to an archive that later starts map instead of loading and verifying them again
 * (class data sharing, about a third of a start):
 *
 * <pre>{@code
 * java -XX:ArchiveClassesAtExit=/opt/sessionkit/sessionkit.jsa -cp /opt/sessionkit/sessionkit.jar \
 *     dev.sessionkit.host.ClassDataTraining
 * java -XX:SharedArchiveFile=/opt/sessionkit/sessionkit.jsa -jar /opt/sessionkit/sessionkit.jar ...
 * }</pre>
 *
 * The build runs it on {@code host-app/target/sessionkit.jar} (giving {@code target/sessionkit.jsa}, see the README's
 * start command). An archive belongs to one jar file at one path and one JVM: when either changes the JVM ignores it
 * and loads classes as usual. Exit status 0, or 1 (with the exception) when an answer is not the expected one.
 */
public final class ClassDataTraining {
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final String JSON = "application/json";

    private ClassDataTraining() {
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        try (ScratchHost host = new ScratchHost("training", false)) {
            train(host.base(), host.adminPassword());
        }
    }

    private static void train(URI base, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        expect(http, get(base, "/health", null), 200);
        String signIn = expect(http, post(base, "/api/auth/login", null,
                "{\"username\":\"admin\",\"password\":\"" + password + "\"}"), 200);
        String jwt = token(signIn);
        expect(http, get(base, "/api/auth/me", jwt), 200);
        expect(http, post(base, "/api/apps/default/methods/session.set-parameters", jwt,
                "{\"inputs\":{\"scope\":\"GLOBAL\",\"parameters\":[{\"name\":\"cartId\",\"dataType\":\"STRING\","
                        + "\"value\":\"cart-42\"},{\"name\":\"itemCount\",\"dataType\":\"INTEGER\",\"value\":\"3\"}]}}"),
                200);
        expect(http, post(base, "/api/apps/default/methods/session.get-parameters", jwt,
                "{\"inputs\":{\"scope\":\"GLOBAL\",\"parameters\":[{\"name\":\"cartId\"},{\"name\":\"itemCount\"}]}}"),
                200);
        expect(http, post(base, "/api/apps/default/methods/session.set-parameters", jwt,
                "{\"inputs\":{\"scope\":\"GLOBAL\",\"parameters\":[{\"name\":\"itemCount\",\"dataType\":\"INTEGER\","
                        + "\"value\":\"three\"}]}}"), 400);
        String basket = token(expect(http, post(base, "/api/apps/default/methods/session.start", null,
                "{\"inputs\":{\"idleTimeoutSeconds\":900}}"), 200));
        expect(http, post(base, "/api/apps/default/methods/session.info", null,
                "{\"inputs\":{\"scope\":\"TOKEN\",\"token\":\"" + basket + "\"}}"), 200);
        expect(http, get(base, "/", null), 200);
        expect(http, get(base, "/api/apps", jwt), 200);
        expect(http, get(base, "/api/openapi.yaml", null), 200);
        expect(http, get(base, "/metrics", null), 200);
        expect(http, post(base, "/api/auth/logout", jwt, ""), 204);
    }

    private static HttpRequest get(URI base, String path, String jwt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (jwt != null) request.header("Authorization", "Bearer " + jwt);
        return request.build();
    }

    private static HttpRequest post(URI base, String path, String jwt, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(body));
        if (jwt != null) request.header("Authorization", "Bearer " + jwt);
        return request.build();
    }

    private static String expect(HttpClient http, HttpRequest request, int status)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException("Class data training: " + request.method() + " " + request.uri().getPath()
                    + " answered " + response.statusCode() + ", expected " + status + ": " + response.body());
        }
        return response.body();
    }

    private static String token(String answer) {
        Matcher matcher = TOKEN.matcher(answer);
        if (!matcher.find()) throw new IllegalStateException("no token in " + answer);
        return matcher.group(1);
    }
}
