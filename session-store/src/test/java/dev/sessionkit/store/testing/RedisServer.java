package dev.sessionkit.store.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real {@code redis-server} process on a free loopback port, for tests (never a mock):
 * {@code try (RedisServer redis = RedisServer.start()) { ... redis.url() ... }}.
 *
 * <p>The server keeps nothing on disk ({@code --save ""}, {@code --appendonly no}), runs in a fresh temporary
 * directory that also holds its log ({@code redis.log}; the test's own output stays clean) and refuses to evict
 * ({@code --maxmemory-policy noeviction}, as the session store requires). It can be stopped, killed and restarted on
 * the same port to test recovery. A JVM shutdown hook kills every server still running, so none outlives the tests.
 *
 * <p>The binaries are Debian's package {@code redis-server} ({@code /usr/bin/redis-server} and
 * {@code /usr/bin/redis-cli}), or the ones named by the system properties {@code sessionkit.redis-server} and
 * {@code sessionkit.redis-cli}, or the first on the {@code PATH}. When they are missing, {@link #start()} runs
 * {@code session-store/src/test/install-redis.sh} once (it installs the package as root or with {@code sudo -n});
 * if they are still missing the tests fail, saying how to install them. They never skip.
 */
public final class RedisServer implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final String PACKAGE = "redis-server";
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CLI_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESTART_BUSY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final int PORT_ATTEMPTS = 5;
    private static final int LOG_TAIL_LINES = 40;
    private static final String INSTALL_SCRIPT = "session-store/src/test/install-redis.sh";

    /** The servers whose process may be running, killed by the shutdown hook. */
    private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();
    private static Binaries located;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RedisServer::killAllRunning, "redis-server-reaper"));
    }

    /** Extra arguments that depend on the port a server is about to use (the cluster nodes' config files). */
    @FunctionalInterface
    interface PortArgs {
        /** No port-dependent arguments. */
        PortArgs NONE = (port, dir) -> List.of();

        /**
         * @param port the port the server is about to listen on
         * @param dir the server's directory
         * @return the arguments to add for that port
         * @throws IOException when they cannot be prepared
         */
        List<String> arguments(int port, Path dir) throws IOException;
    }

    /** The located redis-server and redis-cli executables. */
    record Binaries(Path server, Path cli) {
    }

    private final Path dir;
    private final Path log;
    private final int port;
    private final List<String> command;
    private volatile Process process;
    private boolean closed;

    private RedisServer(Path dir, int port, List<String> command) {
        this.dir = dir;
        this.log = dir.resolve("redis.log");
        this.port = port;
        this.command = List.copyOf(command);
    }

    /**
     * Starts a redis-server on a free loopback port and waits until it answers {@code PING}.
     *
     * @return the running server; close it when done
     * @throws IllegalStateException when redis-server or redis-cli is missing and cannot be installed (the message
     *     names the Debian package {@code redis-server} and how to install it), or when the server does not answer
     *     within 10 s or exits (the message carries the tail of its log)
     * @throws UncheckedIOException when its temporary directory cannot be created
     */
    public static RedisServer start() {
        return start(List.of());
    }

    /**
     * Starts a redis-server like {@link #start()}, with more arguments after the default ones; a later argument
     * overrides an earlier one, so {@code List.of("--maxmemory-policy", "allkeys-lru")} replaces the default
     * {@code noeviction}.
     *
     * @param extraArgs more redis-server arguments, each a separate argv entry ({@code "--save", ""})
     * @return the running server; close it when done
     * @throws IllegalStateException when the binaries are missing and cannot be installed, or when the server does not
     *     answer within 10 s or exits (for instance on an invalid argument; the message carries its log's tail)
     * @throws UncheckedIOException when its temporary directory cannot be created
     */
    public static RedisServer start(List<String> extraArgs) {
        return start(extraArgs, PortArgs.NONE);
    }

    /**
     * Starts a server with {@code extraArgs} and then the arguments {@code portArgs} gives for the port it picks; on
     * a port taken meanwhile (or answered by another process) it retries on another one, up to 5 times.
     */
    static RedisServer start(List<String> extraArgs, PortArgs portArgs) {
        Binaries bin = binaries();
        Path dir;
        try {
            dir = Files.createTempDirectory("sessionkit-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for redis-server", e);
        }
        try {
            String failures = "";
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(bin.server().toString(), "--port",
                        Integer.toString(port), "--bind", HOST, "--save", "", "--appendonly", "no", "--dir",
                        dir.toString(), "--protected-mode", "no", "--maxmemory-policy", "noeviction"));
                command.addAll(extraArgs);
                command.addAll(portArgs.arguments(port, dir));
                RedisServer server = new RedisServer(dir, port, command);
                Launch launch = server.launch();
                if (launch.outcome() == Outcome.READY) {
                    return server;
                }
                if (!launch.outcome().portTaken()) {
                    throw new IllegalStateException("redis-server did not start on port " + port + ": "
                            + launch.describe() + "\nCommand: " + String.join(" ", command));
                }
                failures += "\n  attempt " + attempt + " on port " + port + ": " + launch.describe();
            }
            throw new IllegalStateException("redis-server could not listen on a free port of " + HOST + " after "
                    + PORT_ATTEMPTS + " attempts:" + failures);
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("Cannot prepare redis-server in " + dir, e);
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** @return the port the server listens on (the same across {@link #restart()}) */
    public int port() {
        return port;
    }

    /** @return the address it listens on, always {@code 127.0.0.1} */
    public String host() {
        return HOST;
    }

    /** @return the Redis URI of the server, {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://" + HOST + ":" + port;
    }

    /** @return whether the server process is running */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Stops the server gracefully: SIGTERM, up to 5 s to exit, then SIGKILL. Does nothing when it is not running, so
     * it can be called any number of times.
     *
     * @throws IllegalStateException when interrupted while waiting (the process is killed first)
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        awaitExit(STOP_TIMEOUT);
    }

    /**
     * Kills the server at once (SIGKILL, no shutdown of its own) and waits until the process has exited, to test what
     * clients do when Redis vanishes. Does nothing when it is not running.
     *
     * @throws IllegalStateException when interrupted while waiting
     */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        awaitExit(Duration.ZERO);
    }

    /**
     * Starts the server again on the same port with the same arguments (stopping it first if it still runs) and waits
     * until it answers {@code PING}. Its data is gone: it keeps nothing on disk. When the port is still busy it retries
     * for up to 5 s.
     *
     * @throws IllegalStateException when the server was closed, when the port stays busy (or answered by another
     *     process) for 5 s, or when the server does not answer within 10 s; the message carries its log's tail
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("The redis-server on port " + port + " was closed; it cannot restart");
        }
        stop();
        long deadline = System.nanoTime() + RESTART_BUSY_TIMEOUT.toNanos();
        while (true) {
            Launch launch = launch();
            if (launch.outcome() == Outcome.READY) {
                return;
            }
            if (!launch.outcome().portTaken() || System.nanoTime() >= deadline) {
                throw new IllegalStateException("redis-server could not restart on port " + port + ": "
                        + launch.describe());
            }
            pause();
        }
    }

    /**
     * Runs {@code redis-cli -h 127.0.0.1 -p <port> <args...>} against this server, e.g. {@code cli("INFO",
     * "commandstats")}, {@code cli("CONFIG", "SET", "maxmemory", "1mb")} or {@code cli("FLUSHALL")}. Note that
     * redis-cli exits with 0 on an error reply: it comes back as text ({@code "ERR unknown command ..."}).
     *
     * @param args the command and its arguments, each a separate argument
     * @return what redis-cli printed on its standard output, trimmed
     * @throws IllegalStateException when redis-cli exits with another code than 0 (for instance when the server is not
     *     running; the message carries its error output) or takes longer than 10 s
     */
    public String cli(String... args) {
        return cli(port, args);
    }

    /**
     * Stops the server ({@link #stop()}) and deletes its directory with the log. Idempotent; afterwards it cannot be
     * restarted.
     */
    @Override
    public synchronized void close() {
        stop();
        if (!closed) {
            closed = true;
            deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "redis-server " + url() + (isRunning() ? " (running)" : " (stopped)");
    }

    /** Runs redis-cli against the given port of the loopback address (any server, e.g. another cluster node). */
    static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(binaries().cli().toString(), "-h", HOST, "-p",
                Integer.toString(port)));
        command.addAll(Arrays.asList(args));
        return runCli(command);
    }

    /** Runs a redis-cli command line and checks its exit code; @return its standard output, trimmed. */
    static String runCli(List<String> command) {
        Result result = run(command, CLI_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("redis-cli failed (exit code " + result.exitCode() + "): "
                    + String.join(" ", command) + "\n" + result.stderr() + result.stdout());
        }
        return result.stdout().trim();
    }

    /** @return the located binaries, installing Debian's redis-server package first when they are missing */
    static synchronized Binaries binaries() {
        if (located == null) {
            Binaries found = locate();
            if (found == null) {
                String installOutput = install();
                found = locate();
                if (found == null) {
                    throw new IllegalStateException("The Redis tests need redis-server and redis-cli (Debian package '"
                            + PACKAGE + "'), but they are missing and could not be installed. Install them with "
                            + "'sudo " + INSTALL_SCRIPT + "' (or 'sudo apt-get install " + PACKAGE + "'), or point "
                            + "-Dsessionkit.redis-server and -Dsessionkit.redis-cli at them." + installOutput);
                }
            }
            located = found;
        }
        return located;
    }

    // ---- launching ---------------------------------------------------------------------------------------------

    /** How one launch of the process ended. */
    private enum Outcome {
        READY, PORT_BUSY, FOREIGN_SERVER, EXITED, TIMED_OUT;

        /** @return whether another try, on another port or a moment later, may succeed */
        private boolean portTaken() {
            return this == PORT_BUSY || this == FOREIGN_SERVER;
        }
    }

    /** One launch's outcome with the tail of the log it wrote (empty when READY). */
    private record Launch(Outcome outcome, String logTail) {
        private String describe() {
            String what = switch (outcome) {
                case READY -> "ready";
                case PORT_BUSY -> "the port was already in use";
                case FOREIGN_SERVER -> "another process answered on the port";
                case EXITED -> "redis-server exited";
                case TIMED_OUT -> "redis-server did not answer PING within " + START_TIMEOUT.toSeconds() + " s";
            };
            return what + (logTail.isEmpty() ? "" : ". Its log ends with:\n" + logTail);
        }
    }

    /**
     * Starts the process once and waits for its {@code +PONG}; on any outcome but READY the process is gone. Called
     * with the lock held (or before the server is published).
     */
    private Launch launch() {
        try {
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
            process.getOutputStream().close();
            RUNNING.add(this);
            Outcome outcome = awaitReady();
            if (outcome == Outcome.READY) {
                return new Launch(outcome, "");
            }
            awaitExit(Duration.ZERO);
            String tail = logTail(logStart);
            if (outcome == Outcome.EXITED && tail.contains("Address already in use")) {
                outcome = Outcome.PORT_BUSY;
            }
            return new Launch(outcome, tail);
        } catch (IOException | RuntimeException e) {
            Process started = process;
            if (started != null) {
                started.destroyForcibly();
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("Cannot start " + String.join(" ", command), (IOException) e);
        }
    }

    /** Polls every 20 ms, for up to 10 s, until the port answers PING with +PONG and the answer is from our process. */
    private Outcome awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return Outcome.EXITED;
            }
            Long answeringPid = pingAndIdentify();
            if (answeringPid != null) {
                return answeringPid == process.pid() && process.isAlive() ? Outcome.READY : Outcome.FOREIGN_SERVER;
            }
            pause();
        }
        return process.isAlive() ? Outcome.TIMED_OUT : Outcome.EXITED;
    }

    /**
     * Sends {@code PING} and, on {@code +PONG}, {@code INFO server} over a plain socket.
     *
     * @return the process id of the server answering on the port, or null when nothing answers PONG (yet)
     */
    private Long pingAndIdentify() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 250);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write("PING\r\nINFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (!"+PONG".equals(readLine(in))) {
                return null;
            }
            String header = readLine(in);
            if (!header.startsWith("$")) {
                return -1L;
            }
            byte[] info = in.readNBytes(Integer.parseInt(header.substring(1)));
            for (String line : new String(info, StandardCharsets.UTF_8).split("\r\n")) {
                if (line.startsWith("process_id:")) {
                    return Long.parseLong(line.substring("process_id:".length()).trim());
                }
            }
            return -1L;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException();
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).stripTrailing();
    }

    /**
     * Waits up to {@code grace} for the process to exit, then kills it and waits for that; forgets the process.
     */
    private void awaitExit(Duration grace) {
        try {
            if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for redis-server on port " + port + " to exit",
                    e);
        } finally {
            if (!process.isAlive()) {
                RUNNING.remove(this);
                process = null;
            }
        }
    }

    /** @return the last lines of the log written since {@code from} */
    private String logTail(long from) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Sleeps one polling interval (20 ms). */
    static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for redis-server", e);
        }
    }

    /** @return a loopback port nothing listened on a moment ago */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }

    private static void killAllRunning() {
        for (RedisServer server : RUNNING) {
            Process running = server.process;
            if (running != null) {
                running.destroyForcibly();
                try {
                    running.waitFor(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            deleteTree(server.dir);
        }
    }

    // ---- binaries and installation -----------------------------------------------------------------------------

    /** @return the binaries, or null when either is missing */
    private static Binaries locate() {
        Path server = locate("sessionkit.redis-server", "redis-server");
        Path cli = locate("sessionkit.redis-cli", "redis-cli");
        return server != null && cli != null ? new Binaries(server, cli) : null;
    }

    private static Path locate(String property, String name) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("-D" + property + "=" + configured + " is not an executable file");
            }
            return path;
        }
        Path debian = Path.of("/usr/bin", name);
        if (Files.isExecutable(debian)) {
            return debian;
        }
        String searchPath = System.getenv("PATH");
        if (searchPath != null) {
            for (String entry : searchPath.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    Path candidate = Path.of(entry, name);
                    if (Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        return null;
    }

    /** Runs install-redis.sh; @return a description of what happened, to append to a failure message */
    private static String install() {
        Path script = findInstallScript();
        if (script == null) {
            return "\n(" + INSTALL_SCRIPT + " was not found above " + System.getProperty("user.dir") + ".)";
        }
        Result result = run(List.of("sh", script.toString()), INSTALL_TIMEOUT);
        return "\n(" + script + " exited with code " + result.exitCode() + ":\n" + result.stdout()
                + result.stderr() + ")";
    }

    /** @return install-redis.sh, found from the working directory upwards, or null */
    private static Path findInstallScript() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(INSTALL_SCRIPT);
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        return null;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The outcome of a finished command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command with its output in temporary files (no pipe can fill up), killing it after {@code timeout}. */
    static Result run(List<String> command, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("sessionkit-redis-out-", ".txt");
            err = Files.createTempFile("sessionkit-redis-err-", ".txt");
            Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            boolean exited;
            try {
                exited = child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
            }
            if (!exited) {
                child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s: "
                        + String.join(" ", command) + "\n" + read(err) + read(out));
            }
            return new Result(child.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteTree(out);
            deleteTree(err);
        }
    }

    /** @return a file's text, malformed UTF-8 replaced rather than refused */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /** Deletes a file or a directory tree, best effort. */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary file is harmless
        }
    }
}
