package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.marketplace.MarketplaceHost;
import dev.sessionkit.store.testing.RedisServer;
import io.javalin.testtools.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts with one {@code --redis-url}, each with its own data directory, behave as one product: sign-in, users,
 * logout, apps and sessions are shared. A real redis-server on loopback; the hosts run in this JVM.
 */
class ClusterTest {
    private static final String SHOP = """
            {"id": "shop", "name": "Shop", "flows": [
              {"id": "hello", "trigger": {"method": "GET", "path": "/hello", "auth": "NONE"},
               "steps": [{"id": "set", "method": "session.set-parameters",
                  "input": {"parameters": [{"name": "greeting", "dataType": "STRING", "value": "%s"}]}},
                 {"id": "get", "method": "session.get-parameters",
                  "input": {"parameters": [{"name": "greeting"}]}, "output": {"target": "said"}}]}]}""";

    @TempDir
    Path temp;
    private RedisServer redis;
    private final List<TestHost> hosts = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        hosts.forEach(TestHost::close);
        redis.close();
    }

    private TestHost host(String name) throws Exception {
        TestHost host = TestHost.start(Files.createDirectories(temp.resolve(name)),
                config -> config.redisUrl = redis.url());
        hosts.add(host);
        return host;
    }

    @Test
    void signInUsersLogoutAndSessionsAreSharedByTwoHosts() throws Exception {
        TestHost a = host("a");
        TestHost b = host("b");

        String admin = a.adminToken();
        expect(200, b.get("/api/auth/me", admin));
        expect(201, b.post("/api/users", "{\"username\": \"cleo\", \"password\": \"" + TestHost.password("cleo")
                + "\", \"roleId\": \"user\"}", admin));
        String cleo = a.login("cleo", TestHost.password("cleo"));

        expect(200, a.call("default", "session.set-parameters", """
                {"inputs": {"scope": "GLOBAL", "parameters": [{"name": "cart", "dataType": "STRING", "value": "c-1"}]}}""",
                cleo));
        JsonNode read = json(expect(200, b.call("default", "session.get-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"cart\"}]}}", cleo)));
        assertEquals("c-1", read.path("output").path("cart").asText());

        expect(204, a.post("/api/auth/logout", "", cleo));
        assertError(401, "TOKEN_REVOKED", a.get("/api/auth/me", cleo));
        awaitTrue("the logout reached the other host", () -> b.get("/api/auth/me", cleo).code() == 401);
        assertError(401, "TOKEN_REVOKED", b.get("/api/auth/me", cleo));
        assertFalse(json(expect(200, b.get("/api/apps/default/sessions", admin))).toString().contains("cleo"),
                "the logout ended the user's GLOBAL session on every host");
    }

    @Test
    void anAppSavedOnOneHostRunsOnTheOtherAndAStalePutIsAConflict() throws Exception {
        TestHost a = host("a");
        TestHost b = host("b");
        String admin = a.adminToken();

        expect(201, a.post("/api/apps", SHOP.formatted("hello"), admin));
        assertEquals("hello", json(expect(200, b.get("/run/shop/hello", null))).path("said").path("greeting").asText());

        JsonNode readOnB = json(expect(200, b.get("/api/apps/shop", admin)));
        String changed = SHOP.formatted("bonjour").replaceFirst("\\{", "{\"version\": 1, ");
        expect(200, a.put("/api/apps/shop", changed, admin));
        assertEquals("bonjour", json(expect(200, b.get("/run/shop/hello", null))).path("said").path("greeting")
                .asText(), "the next request on the other host runs the new version");

        String stale = SHOP.formatted("hallo").replaceFirst("\\{", "{\"version\": " + readOnB.path("version") + ", ");
        assertError(409, "VERSION_CONFLICT", b.put("/api/apps/shop", stale, admin));
    }

    @Test
    void hostsStartingAtTheSameInstantCreateOneAdminAndOneDefaultApp() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<TestHost>> starting = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                Path dir = Files.createDirectories(temp.resolve(name));
                Callable<TestHost> start = () -> TestHost.start(dir, config -> config.redisUrl = redis.url());
                starting.add(pool.submit(start));
            }
            for (Future<TestHost> host : starting) {
                hosts.add(host.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        String admin = hosts.get(0).adminToken();
        for (TestHost host : hosts) {
            JsonNode users = json(expect(200, host.get("/api/users", admin)));
            assertEquals(1, users.size(), "exactly one account: " + users);
            JsonNode apps = json(expect(200, host.get("/api/apps", admin)));
            assertEquals(1, apps.size(), "exactly one app: " + apps);
            assertEquals("default", apps.get(0).path("id").asText());
        }
    }

    @Test
    void aSingleHostsDataDirectoryIsImportedIntoAnEmptyCluster() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("single"));
        try (TestHost single = TestHost.start(dir)) {
            single.createUser("dora", "builder");
            expect(201, single.post("/api/apps", SHOP.formatted("from the single host"), single.adminToken()));
        }

        TestHost first = host("single");
        TestHost second = host("other");
        String dora = second.login("dora", TestHost.password("dora"));
        expect(200, first.get("/api/auth/me", dora));
        assertEquals("from the single host", json(expect(200, second.get("/run/shop/hello", null))).path("said")
                .path("greeting").asText());
        Response apps = second.get("/api/apps", second.adminToken());
        assertTrue(json(expect(200, apps)).toString().contains("\"default\""), "the single host's apps, all of them");
    }

    @Test
    void pluginsChangedOnOneHostReachEveryHostWithoutARestart() throws Exception {
        Path repositories = MarketplaceHost.standardRepositories(Files.createDirectories(temp.resolve("repo")));
        TestHost a = TestHost.start(Files.createDirectories(temp.resolve("a")), config -> {
            config.redisUrl = redis.url();
            config.pluginRepositories = repositories;
        });
        hosts.add(a);
        TestHost b = host("b"); // knows no repository: it gets the plugins' bytes from the cluster
        String admin = a.adminToken();

        expect(200, a.post("/api/marketplace/hello-plugin/install", "{\"version\": \"1.0.0\"}", admin));
        awaitTrue("the plugin installed on one host runs on the other",
                () -> MarketplaceHost.plugin(b, "hello-plugin").map(p -> p.path("state").asText()).orElse("")
                        .equals("STARTED"), 5);
        expect(200, b.call("default", "test.echo", "{\"inputs\": {\"value\": 1}}", admin));

        expect(200, a.post("/api/plugins/session-plugin/disable", "", admin));
        awaitTrue("the plugin disabled on one host is disabled on the other",
                () -> b.call("default", "session.exists", "{\"inputs\": {\"scope\": \"GLOBAL\"}}", admin).code()
                        != 200, 5);
        expect(200, b.post("/api/plugins/session-plugin/enable", "", admin));
        awaitTrue("the plugin enabled on the other host is enabled on the first", () -> a.call("default",
                "session.exists", "{\"inputs\": {\"scope\": \"GLOBAL\"}}", admin).code() == 200, 5);

        JsonNode cluster = json(expect(200, a.get("/api/cluster", admin)));
        assertEquals("cluster", cluster.path("mode").asText());
        assertEquals(2, cluster.path("hosts").size(), cluster.toString());
        awaitTrue("every host agrees with the cluster's plugins",
                () -> json(a.get("/api/cluster", admin)).path("inAgreement").asBoolean(), 5);
        assertError(403, "FORBIDDEN", a.get("/api/cluster", a.signUp("eve", "builder")));
    }

    /** Polls a condition every 20 ms; fails after a second (a change must reach every host within one). */
    private static void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(what, condition, 1);
    }

    /** Polls a condition every 20 ms; fails after the given seconds. */
    private static void awaitTrue(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " did not happen within " + seconds + " s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
