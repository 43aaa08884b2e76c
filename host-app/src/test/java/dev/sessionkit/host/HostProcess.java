package dev.sessionkit.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real host process, as an operator runs it: {@code Main} in its own JVM on a free loopback port, over a given data
 * directory, with the test admin password ({@link TestHost#ADMIN_PASSWORD}) and a fast bcrypt cost. For the tests
 * that kill a host ({@link #kill()} is SIGKILL, the crash of a real process) or put several behind a load balancer.
 *
 * <p>The process runs the test classpath, so it finds the bundled session plugin as a packaged host does. Its output
 * is kept ({@link #output()}) for failure messages. A JVM shutdown hook kills every process still running, so none
 * outlives the tests.
 */
public final class HostProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) ");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "host-process-reaper"));
    }

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final int port;

    private HostProcess(Process process) {
        this.process = process;
        RUNNING.add(process);
        int found = -1;
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> keep(lines), "host-process-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (found < 0 && System.nanoTime() < deadline && process.isAlive()) {
                found = listeningPort();
                if (found < 0) TimeUnit.MILLISECONDS.sleep(20);
            }
            if (found < 0) found = listeningPort(); // the line may have come just before the process ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (found < 0) {
            process.destroyForcibly();
            RUNNING.remove(process);
            throw new IllegalStateException("The host process did not start within " + START_TIMEOUT.toSeconds()
                    + " s (alive: " + process.isAlive() + "); its output:\n" + output());
        }
        this.port = found;
    }

    /**
     * Starts a host and waits until it listens.
     *
     * @param dataDir its data directory (empty for a first start, or one a previous process used)
     * @param options more command line options, e.g. {@code "--redis-url", url}
     * @return the started host
     * @throws IllegalStateException when it does not start within a minute, with its output
     */
    public static HostProcess start(Path dataDir, String... options) {
        return start(dataDir, 0, options);
    }

    /**
     * Starts a host on a given port (to restart it where a load balancer expects it) and waits until it listens.
     *
     * @param dataDir its data directory
     * @param port    the port, or 0 for a free one
     * @param options more command line options
     * @return the started host
     * @throws IllegalStateException when it does not start within a minute, with its output
     */
    public static HostProcess start(Path dataDir, int port, String... options) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", Integer.toString(port), "--bind-address", "127.0.0.1",
                "--bcrypt-cost", "4", "--data-dir", dataDir.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SESSIONKIT_"));
        builder.environment().put("SESSIONKIT_ADMIN_PASSWORD", TestHost.ADMIN_PASSWORD);
        try {
            return new HostProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the host process: " + command, e);
        }
    }

    private void keep(BufferedReader lines) {
        try (lines) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: what it wrote so far is kept
        }
    }

    private int listeningPort() {
        synchronized (output) {
            for (String line : output) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) return Integer.parseInt(matcher.group(1));
            }
        }
        return -1;
    }

    /** @return the port the host listens on, on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return the host's base URL, e.g. {@code http://127.0.0.1:41234} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return whether the process is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return what the host wrote so far (standard output and error), one line per line */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Kills the process with SIGKILL (a crash: no shutdown hook, nothing flushed) and waits until it is gone. */
    public void kill() {
        process.toHandle().destroyForcibly(); // unlike Process.destroyForcibly, keeps the output stream open
        awaitExit();
    }

    /** Stops the host with SIGTERM (a graceful stop) and waits for it, killing it if it takes over 30 seconds. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroy(); // SIGTERM, keeping the output stream open for the last lines
            awaitExit();
        }
        RUNNING.remove(process);
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }
}
