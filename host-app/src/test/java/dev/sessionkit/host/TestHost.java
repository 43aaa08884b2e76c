package dev.sessionkit.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.testplugins.TestPluginJars;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A started {@link SessionkitHost} over a test data directory, with a {@link ManualClock}, a fast bcrypt cost, a known
 * admin password and an HTTP client (javalin-testtools) for it. On a first start it installs the session plugin from
 * the classpath resource {@code /bundled-repository/} (the session-plugin module's jar and its index), which
 * {@code mvn package} (or {@code mvn test}) copies into {@code target/classes}.
 *
 * <p>Either started at once over a given directory ({@link #start}), or shared by the tests of one class:
 * {@code @RegisterExtension static final TestHost host = TestHost.perClass();} starts it in a fresh temporary directory
 * before the class's tests and stops and deletes it after them.
 */
public final class TestHost implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** The first admin's password. */
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private static final ObjectMapper JSON = Json.newMapper();

    private final ManualClock clock;
    private final Consumer<HostConfig> settings;
    private final boolean requireSessionPlugin;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Path dataDir;
    private SessionkitHost host;
    private HttpClient client;

    private TestHost(ManualClock clock, Consumer<HostConfig> settings, boolean requireSessionPlugin) {
        this.clock = clock;
        this.settings = settings;
        this.requireSessionPlugin = requireSessionPlugin;
    }

    /** @param dataDir an empty or existing data directory @return a started host with default test settings */
    public static TestHost start(Path dataDir) {
        return start(dataDir, config -> { });
    }

    /**
     * @param dataDir  an empty or existing data directory
     * @param settings more settings, applied after the test defaults
     * @return a started host
     */
    public static TestHost start(Path dataDir, Consumer<HostConfig> settings) {
        return new TestHost(new ManualClock(), settings, false).boot(dataDir);
    }

    /** @return a host for the tests of one class, with the session plugin required to have started */
    public static TestHost perClass() {
        return perClass(config -> { });
    }

    /**
     * @param settings more settings, applied after the test defaults
     * @return a host for the tests of one class, with the session plugin required to have started
     */
    public static TestHost perClass(Consumer<HostConfig> settings) {
        return new TestHost(new ManualClock(), settings, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        boot(Files.createTempDirectory("sessionkit-test-"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private TestHost boot(Path directory) {
        dataDir = directory;
        host = SessionkitHost.create(config -> {
            config.dataDir = directory;
            config.port = 0;
            config.bindAddress = "127.0.0.1";
            config.clock = clock;
            config.bcryptCost = 4;
            config.initialAdminPassword = ADMIN_PASSWORD;
            config.console = new PrintStream(console, true, StandardCharsets.UTF_8);
            settings.accept(config);
        }).start();
        client = new HttpClient(host.javalin(), java.net.http.HttpClient.newHttpClient());
        return requireSessionPlugin ? requireSessionPlugin() : this;
    }

    /** Stops this host and starts a new one over the same data directory, clock and settings. @return it */
    public TestHost restart() {
        host.stop();
        return new TestHost(clock, settings, requireSessionPlugin).boot(dataDir);
    }

    /** @return the host */
    public SessionkitHost host() {
        return host;
    }

    /** @return the host's clock */
    public ManualClock clock() {
        return clock;
    }

    /** @return the data directory */
    public Path dataDir() {
        return dataDir;
    }

    /** @return what the host printed to its console (the admin password banner) */
    public String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    /**
     * Fails with instructions unless the bundled session plugin started.
     *
     * @return this
     */
    public TestHost requireSessionPlugin() {
        JsonNode plugins = json(get("/api/plugins", adminToken()));
        for (JsonNode plugin : plugins) {
            if (plugin.path("id").asText().equals("session-plugin")
                    && plugin.path("state").asText().equals("STARTED")) {
                return this;
            }
        }
        return fail("The session plugin did not start in the test host: " + plugins + ". The tests load the BUILT "
                + "plugin jar (target/classes/bundled-repository/session-plugin.jar); build it with 'mvn package' "
                + "from the repository root.");
    }

    /** @return a token of the first admin (whose password was generated if the config gave none) */
    public String adminToken() {
        Path generated = dataDir.resolve("secrets/initial-admin-password");
        try {
            return login("admin", Files.exists(generated) ? Files.readString(generated).trim() : ADMIN_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param username a username
     * @param password its password
     * @return a token
     */
    public String login(String username, String password) {
        Response response = post("/api/auth/login", "{\"username\":" + quote(username) + ",\"password\":"
                + quote(password) + "}", null);
        assertEquals(200, response.code(), () -> "login of " + username + " failed: " + body(response));
        return json(response).path("token").asText();
    }

    /**
     * Creates a user as the admin.
     *
     * @param username the username
     * @param roleId   the role id
     * @return the user's id
     */
    public String createUser(String username, String roleId) {
        Response response = post("/api/users", "{\"username\":" + quote(username) + ",\"password\":"
                + quote(password(username)) + ",\"roleId\":" + quote(roleId) + "}", adminToken());
        assertEquals(201, response.code(), () -> "creating " + username + " failed: " + body(response));
        return json(response).path("id").asText();
    }

    /**
     * Creates a user as the admin and signs them in.
     *
     * @param username the username
     * @param roleId   the role id
     * @return a token of the new user
     */
    public String signUp(String username, String roleId) {
        createUser(username, roleId);
        return login(username, password(username));
    }

    /** @param username a user created by {@link #createUser} @return that user's password */
    public static String password(String username) {
        return "password-of-" + username;
    }

    /**
     * Calls a method directly.
     *
     * @param appId    the app
     * @param methodId the method
     * @param body     the JSON body
     * @param token    a token, or null
     * @return the response
     */
    public Response call(String appId, String methodId, String body, String token) {
        return post("/api/apps/" + appId + "/methods/" + methodId, body, token);
    }

    /** @param path a path @param token a token or null @return the response */
    public Response get(String path, String token) {
        return send(path, token, Request.Builder::get);
    }

    /** @param path a path @param body a body @param token a token or null @return the response */
    public Response post(String path, String body, String token) {
        return send(path, token, request -> request.post(BodyPublishers.ofString(body)));
    }

    /** @param path a path @param body a body @param token a token or null @return the response */
    public Response put(String path, String body, String token) {
        return send(path, token, request -> request.put(BodyPublishers.ofString(body)));
    }

    /**
     * @param method an HTTP method
     * @param path   a path
     * @param body   a body, or null for none
     * @param token  a token or null
     * @return the response
     */
    public Response send(String method, String path, String body, String token) {
        var publisher = body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body);
        return send(path, token, request -> {
            switch (method) {
                case "GET" -> request.get();
                case "POST" -> request.post(publisher);
                case "PUT" -> request.put(publisher);
                case "PATCH" -> request.patch(publisher);
                case "DELETE" -> request.delete(publisher);
                default -> throw new IllegalArgumentException("unsupported method " + method);
            }
        });
    }

    /**
     * Creates an app as the admin.
     *
     * @param json the app's JSON ({@code {"id", "flows", ...}})
     * @return the created app
     */
    public JsonNode createApp(String json) {
        return json(expect(201, post("/api/apps", json, adminToken())));
    }

    /**
     * Starts a host over {@code dataDir} with the built session plugin and the test plugin ({@code test.echo},
     * {@code test.explode}, {@code test.block}) installed.
     *
     * @param dataDir an empty data directory
     * @return the started host
     */
    public static TestHost startWithTestPlugin(Path dataDir) {
        TestPluginJars.builtSessionPlugin(dataDir.resolve("plugins"));
        TestPluginJars.working(dataDir.resolve("plugins"));
        return start(dataDir).requireSessionPlugin();
    }

    /** @param path a path @param token a token or null @return the response */
    public Response delete(String path, String token) {
        return send(path, token, request -> request.delete(BodyPublishers.noBody()));
    }

    /**
     * @param path    a path
     * @param headers extra header lines as name, value pairs (Authorization included, sent as given)
     * @param method  sets the method and body
     * @return the response
     */
    public Response send(String path, Consumer<Request.Builder> headers, Consumer<Request.Builder> method) {
        return client.request(path, request -> {
            request.header("Content-Type", "application/json");
            headers.accept(request);
            method.accept(request);
        });
    }

    private Response send(String path, String token, Consumer<Request.Builder> method) {
        return send(path, request -> {
            if (token != null) request.header("Authorization", "Bearer " + token);
        }, method);
    }

    /** @param response a response @return its body */
    public static String body(Response response) {
        return response.body().string();
    }

    /** @param response a response @return its body as JSON */
    public static JsonNode json(Response response) {
        try {
            return JSON.readTree(body(response));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body(response), e);
        }
    }

    /**
     * @param status   the expected status
     * @param response a response
     * @return the response, after checking its status (the body is shown when it differs)
     */
    public static Response expect(int status, Response response) {
        assertEquals(status, response.code(), () -> body(response));
        return response;
    }

    /** @param file a JSON file @return its content */
    public static JsonNode jsonFile(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param directory a directory @return the names of the files in it, sorted */
    public static List<String> fileNames(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param node a JSON object @return its field names, in order */
    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * @param status   the expected status
     * @param code     the expected error code
     * @param response an error response
     */
    public static void assertError(int status, String code, Response response) {
        assertEquals(code, errorCode(expect(status, response)), () -> body(response));
    }

    /**
     * @param array a JSON array of objects
     * @param field a field of the objects
     * @return the field's text in each object, in order
     */
    public static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.path(field).asText()));
        return texts;
    }

    /** @param response an error response @return its error code */
    public static String errorCode(Response response) {
        return json(response).path("error").path("code").asText();
    }

    /** @param text text @return it as a JSON string literal */
    public static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        host.stop();
    }
}
