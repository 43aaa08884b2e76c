package dev.sessionkit.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.host.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real host processes with one {@code --redis-url} behind a real nginx running the documented configuration
 * ({@code docs/examples/nginx/sessionkit.conf}): clients use one address, and a host killed with SIGKILL during a
 * write load loses no write the client saw acknowledged while the survivor keeps answering; a host stopped with
 * SIGTERM and started again (a rolling restart) costs no request. All traffic stays on
 * loopback; the load is bounded in time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterThroughNginxTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final int WRITERS = 4;
    private static final Duration LOAD_BEFORE_KILL = Duration.ofMillis(1500);
    private static final Duration LOAD_AFTER_KILL = Duration.ofMillis(2500);

    /** The options of every host: the cluster's Redis, nginx as the trusted proxy, room for the load's writes. */
    private static final java.util.function.Function<String, String[]> HOST_OPTIONS = redisUrl -> new String[] {
        "--redis-url", redisUrl, "--trusted-proxies", "127.0.0.1", "--session-max-parameters", "100000"};

    @RegisterExtension
    static final RedisForTests REDIS = new RedisForTests();

    @TempDir
    static Path temp;
    private static final List<HostProcess> HOSTS = new ArrayList<>();
    private static NginxServer nginx;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startHostsAndNginx() throws Exception {
        for (String name : List.of("a", "b")) {
            HOSTS.add(HostProcess.start(Files.createDirectories(temp.resolve(name)), HOST_OPTIONS.apply(REDIS.url())));
        }
        nginx = NginxServer.start(Files.createDirectories(temp.resolve("nginx")), HOSTS);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) nginx.close();
        HOSTS.forEach(HostProcess::close);
    }

    @Test
    @Order(1)
    void clientsUseOneAddressAndGetTheHostsOwnAnswers() throws Exception {
        String token = adminToken(nginx.url());
        for (HostProcess host : HOSTS) {
            HttpResponse<String> me = send(host.url(), "GET", "/api/auth/me", null, token);
            assertEquals(200, me.statusCode(), "a token signed in through nginx works on " + host.url());
        }
        HttpResponse<String> tooLarge = send(nginx.url(), "POST", "/api/auth/login", "x".repeat(1_500_000), null);
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertEquals("REQUEST_TOO_LARGE", JSON.readTree(tooLarge.body()).path("error").path("code").asText(),
                "the host answers a body over its limit, with its JSON error, not nginx: " + tooLarge.body());
    }

    @Test
    @Order(2)
    void aRollingRestartLosesNoRequest() throws Exception {
        WriteLoad load = new WriteLoad(adminToken(nginx.url()), "r");
        TimeUnit.MILLISECONDS.sleep(LOAD_BEFORE_KILL.toMillis());
        // The documented procedure (docs/operations.md, "Rolling restarts"), one host at a time:
        HostProcess restarted = HOSTS.get(1);
        nginx.reload(HOSTS, List.of(restarted)); // 1. mark it down and reload: nginx sends it nothing more
        restarted.close(); // 2. SIGTERM: what is in flight finishes, then it stops
        HOSTS.set(1, HostProcess.start(temp.resolve("b"), restarted.port(), HOST_OPTIONS.apply(REDIS.url())));
        nginx.reload(HOSTS, List.of()); // 3. once it answers again, bring it back
        TimeUnit.MILLISECONDS.sleep(LOAD_BEFORE_KILL.toMillis());
        double servedAfterRestart = methodCallsServed(HOSTS.get(1));
        load.stop();

        assertTrue(load.failures.isEmpty(), "a host stopped with SIGTERM and started again behind nginx costs no "
                + "request: " + load.failures);
        assertTrue(load.acknowledged.size() >= 40, "the load ran: " + load.acknowledged.size());
        assertTrue(servedAfterRestart >= 10, "the restarted host took its share again: " + servedAfterRestart);
        for (HostProcess host : HOSTS) load.assertReadableThrough(host);
    }

    @Test
    @Order(3)
    void aHostKilledDuringAWriteLoadLosesNoAcknowledgedWrite() throws Exception {
        WriteLoad load = new WriteLoad(adminToken(nginx.url()), "k");
        TimeUnit.MILLISECONDS.sleep(LOAD_BEFORE_KILL.toMillis());
        double servedByTheVictim = methodCallsServed(HOSTS.get(0));
        HOSTS.get(0).kill();
        int acknowledgedBeforeKill = load.acknowledged.size();
        TimeUnit.MILLISECONDS.sleep(LOAD_AFTER_KILL.toMillis());
        load.stop();

        assertTrue(servedByTheVictim >= 10 && acknowledgedBeforeKill >= 20, "nginx spread the load over both hosts "
                + "before the kill: the killed host had served " + servedByTheVictim + " of " + acknowledgedBeforeKill);
        int afterKill = load.acknowledged.size() - acknowledgedBeforeKill;
        assertTrue(afterKill >= 20, "the survivor kept answering writes through nginx: only " + afterKill
                + " acknowledged after the kill; failures: " + load.failures);
        assertTrue(load.failures.size() <= 2 * WRITERS, "only writes in flight on the killed host may fail, "
                + "and nginx sends the next ones to the survivor: " + load.failures.size() + " failed, the first "
                + load.failures.get(0) + "; nginx's log:\n" + nginx.log());
        for (String failure : load.failures) {
            assertTrue(failure.startsWith("503 ") && failure.contains("\"NO_HOST_AVAILABLE\""),
                    "a write lost with the killed host gets the documented JSON answer: " + failure);
        }
        load.assertReadableThrough(HOSTS.get(1));
        assertEquals(200, send(nginx.url(), "GET", "/api/auth/me", null, load.token).statusCode(),
                "nginx keeps answering with one host");
    }

    /**
     * {@value #WRITERS} threads writing through nginx, each its own sequence of new GLOBAL parameters
     * ({@code <prefix><writer>_<n>} = n), until stopped; what was acknowledged and what failed.
     */
    private static final class WriteLoad {
        final String token;
        final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS);

        WriteLoad(String token, String prefix) {
            this.token = token;
            for (int w = 0; w < WRITERS; w++) {
                String writer = prefix + w + "_";
                writers.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        HttpResponse<String> answer = send(nginx.url(), "POST",
                                "/api/apps/default/methods/session.set-parameters", """
                                {"inputs": {"scope": "GLOBAL", "parameters": [
                                  {"name": "%s", "dataType": "INTEGER", "value": %d}]}}""".formatted(writer + i, i),
                                token);
                        if (answer.statusCode() == 200) {
                            acknowledged.put(writer + i, i);
                        } else {
                            failures.add(answer.statusCode() + " " + answer.body());
                        }
                    }
                    return null;
                });
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            writers.shutdown();
            assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS), "the writers did not stop");
        }

        /** Reads every acknowledged parameter back through {@code host}, 200 names per call. */
        void assertReadableThrough(HostProcess host) throws IOException {
            List<String> names = new ArrayList<>(acknowledged.keySet());
            for (int from = 0; from < names.size(); from += 200) {
                List<String> batch = names.subList(from, Math.min(names.size(), from + 200));
                String rows = batch.stream().map(name -> "{\"name\": \"" + name + "\"}")
                        .collect(Collectors.joining(","));
                HttpResponse<String> read = send(host.url(), "POST",
                        "/api/apps/default/methods/session.get-parameters",
                        "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [" + rows + "]}}", token);
                assertEquals(200, read.statusCode(), read.body());
                JsonNode values = JSON.readTree(read.body()).path("output");
                for (String name : batch) {
                    assertEquals(acknowledged.get(name).intValue(), values.path(name).asInt(-1),
                            "the acknowledged write " + name + " is readable through " + host.url() + ": "
                                    + values.path(name));
                }
            }
        }
    }

    /** @return how many method calls the host answered with 200, from its request timers in {@code /metrics} */
    private static double methodCallsServed(HostProcess host) {
        return send(host.url(), "GET", "/metrics", null, null).body().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{")
                        && line.contains("/methods/{methodId}") && line.contains("status=\"200\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static String adminToken(String base) throws IOException {
        HttpResponse<String> login = send(base, "POST", "/api/auth/login",
                "{\"username\": \"admin\", \"password\": \"" + TestHost.ADMIN_PASSWORD + "\"}", null);
        assertEquals(200, login.statusCode(), login.body());
        return JSON.readTree(login.body()).path("token").asText();
    }

    private static HttpResponse<String> send(String base, String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no answer from " + base + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
