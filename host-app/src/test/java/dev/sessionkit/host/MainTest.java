package dev.sessionkit.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Main} as an operator runs it: a separate JVM, its exit status, its output, SIGTERM. */
class MainTest {
    @TempDir
    Path dataDir;

    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("SESSIONKIT_"));
        return builder;
    }

    private static String read(java.io.InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aBadOptionExitsWith2AndExplainsWithTheHelp() throws Exception {
        Process process = java("--port", "seventy").start();
        String stderr = read(process.getErrorStream());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(stderr.startsWith("Invalid value 'seventy' for --port: not a whole number."), stderr);
        assertTrue(stderr.contains("Usage: java -jar sessionkit.jar"), stderr);
    }

    @Test
    void helpExitsWith0() throws Exception {
        Process process = java("--help").start();
        String stdout = read(process.getInputStream());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(stdout.contains("--data-dir VALUE  (SESSIONKIT_DATA_DIR, key data-dir)"), stdout);
    }

    @Test
    void sigtermStopsTheHostGracefully() throws Exception {
        ProcessBuilder builder = java("--port", "0", "--bind-address", "127.0.0.1", "--bcrypt-cost", "4");
        builder.environment().put("SESSIONKIT_DATA_DIR", dataDir.toString());
        builder.environment().put("SESSIONKIT_ADMIN_PASSWORD", "a password for main");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && !line.contains("listening on")) {
                lines.add(line);
            }
            assertTrue(line != null, "the host did not start: " + lines);
            process.toHandle().destroy(); // SIGTERM, keeping the output stream open (Process.destroy closes it)
            while ((line = output.readLine()) != null) {
                lines.add(line);
            }
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String log = String.join("\n", lines);
        assertTrue(log.contains("Stop plugin 'session-plugin@0.1.0'"), log);
        assertTrue(log.contains("Session store closed"), log);
        assertTrue(log.endsWith("Sessionkit stopped"), log);
    }
}
