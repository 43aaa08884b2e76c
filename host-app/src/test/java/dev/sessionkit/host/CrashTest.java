package dev.sessionkit.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with real host processes: 20 rounds of a bounded write load on loopback, {@code kill -9} in the middle
 * of it, and a restart over the same data directory. After every restart the host is up and every write acknowledged
 * more than a second before the kill is there (default {@code everysec}); in the last two rounds the log is also cut
 * in the middle of its last record, then given a bad checksum, and the host still starts, reporting the loss in one
 * line. Bounded: about 1.15 s of writes per round from one client thread, and each host start waits 30 s at most.
 */
class CrashTest {
    private static final int ROUNDS = 20;
    private static final long LOAD_NANOS = TimeUnit.MILLISECONDS.toNanos(1150);
    private static final long GUARANTEE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String PASSWORD = "a password for crashes";
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A host process and what it printed. */
    private record Host(Process process, Path output, int port) {
        String log() throws IOException {
            return Files.readString(output);
        }
    }

    private Host start(int round) throws IOException {
        Path output = logs.resolve("host-" + round + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--port", "0", "--bind-address",
                "127.0.0.1", "--bcrypt-cost", "4", "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SESSIONKIT_"));
        builder.environment().put("SESSIONKIT_ADMIN_PASSWORD", PASSWORD);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Matcher listening = LISTENING.matcher(Files.readString(output));
            if (listening.find()) return new Host(process, output, Integer.parseInt(listening.group(1)));
            assertTrue(process.isAlive(), "round " + round + ": the host exited: " + Files.readString(output));
            assertTrue(System.nanoTime() < deadline, "round " + round + ": the host did not start in 30 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private HttpResponse<String> post(Host host, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode call(Host host, String method, String body, String token) throws Exception {
        HttpResponse<String> response = post(host, "/api/apps/default/methods/" + method, body, token);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String set(String name, long value) {
        return "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"" + name
                + "\", \"dataType\": \"INTEGER\", \"value\": " + value + "}]}}";
    }

    /** @param rounds how many rounds wrote @return a get-parameters body reading r0 .. r(rounds - 1) */
    private static String get(int rounds) {
        List<String> names = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            names.add("{\"name\": \"r" + round + "\"}");
        }
        return "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [" + String.join(", ", names) + "]}}";
    }

    @Test
    void everyWriteAcknowledgedASecondBeforeAKillIsThereAfterTheRestart() throws Exception {
        long started = System.nanoTime();
        long[] kept = new long[ROUNDS]; // per round: the last value acknowledged more than a second before the kill
        String token = null;
        for (int round = 0; round < ROUNDS; round++) {
            Host host = start(round);
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + "/health"))
                    .build();
            assertEquals(200, http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode());
            if (token == null) {
                HttpResponse<String> login = post(host, "/api/auth/login", "{\"username\": \"admin\", \"password\": \""
                        + PASSWORD + "\"}", null);
                token = JSON.readTree(login.body()).path("token").asText();
            }
            if (round > 0) {
                JsonNode stored = call(host, "session.get-parameters", get(round), token).path("output");
                for (int earlier = 0; earlier < round; earlier++) {
                    long value = stored.path("r" + earlier).asLong(-1);
                    assertTrue(value >= kept[earlier], "round " + round + ": r" + earlier + " is " + value
                            + ", but " + kept[earlier] + " was acknowledged more than a second before a kill");
                }
                if (round >= ROUNDS - 2) {
                    assertTrue(host.log().contains("Session files damaged: dropped 1 records"), host.log());
                }
            }

            // The load: one client writes increasing values of r<round>, each acknowledged at a known instant.
            long[] acknowledgedAt = new long[100_000];
            int count = 0;
            long loadStart = System.nanoTime();
            while (System.nanoTime() - loadStart < LOAD_NANOS && count < acknowledgedAt.length) {
                call(host, "session.set-parameters", set("r" + round, count + 1), token);
                acknowledgedAt[count++] = System.nanoTime();
            }
            host.process().destroyForcibly(); // SIGKILL, with the load still running up to this instant
            long killedAt = System.nanoTime();
            assertTrue(host.process().waitFor(10, TimeUnit.SECONDS));
            for (int i = 0; i < count; i++) {
                if (killedAt - acknowledgedAt[i] > GUARANTEE_NANOS) kept[round] = i + 1;
            }
            assertTrue(count > 0, "no write was acknowledged");
            for (int i = 0; i <= round; i++) {
                kept[i] = Math.max(kept[i], 0);
            }

            Path log = dataDir.resolve("sessions").resolve("sessions.log");
            if (round == ROUNDS - 3) truncateLastRecord(log);
            if (round == ROUNDS - 2) corruptLastRecord(log);
        }
        Host last = start(ROUNDS);
        try {
            JsonNode stored = call(last, "session.get-parameters", get(ROUNDS), token).path("output");
            for (int round = 0; round < ROUNDS; round++) {
                assertTrue(stored.path("r" + round).asLong(-1) >= kept[round], "r" + round);
            }
        } finally {
            last.process().destroy();
            assertTrue(last.process().waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(last.log().contains("Session store closed; 1 sessions kept"), last.log());
        // 70 s on this 2-core machine with a load average of about 2 (21 JVM starts, 20 loads of 1.15 s); 110 s were
        // seen with a load average of 11 from other builds. The ceiling catches a hang, not a slow machine.
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.println("CrashTest: " + ROUNDS + " rounds of kill -9 in " + seconds + " s");
        assertTrue(seconds < 180, "the crash test took " + seconds + " s");
    }

    /** @return the offset of the log's last record */
    private static long lastRecord(Path log) throws IOException {
        long size = Files.size(log);
        assertTrue(size > 16, "the log holds records");
        long offset = 16;
        long last = -1;
        try (InputStream raw = Files.newInputStream(log); DataInputStream in = new DataInputStream(raw)) {
            in.skipNBytes(16);
            while (offset + 8 <= size) {
                int length = in.readInt();
                in.readInt();
                if (offset + 8 + length > size) break;
                in.skipNBytes(length);
                last = offset;
                offset += 8 + length;
            }
        }
        assertTrue(last >= 0, "the log holds a whole record");
        return last;
    }

    /** A record cut by the crash: the log ends in the middle of its last record. */
    private static void truncateLastRecord(Path log) throws IOException {
        long last = lastRecord(log);
        try (var channel = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(last + 9, Files.size(log) - 3));
        }
    }

    /** A bad checksum: one byte of the last record's payload flipped. */
    private static void corruptLastRecord(Path log) throws IOException {
        long last = lastRecord(log);
        byte[] bytes = Files.readAllBytes(log);
        bytes[(int) last + 8] ^= 0x01;
        Files.write(log, bytes);
    }
}
