package dev.sessionkit.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real nginx on a free loopback port in front of host processes, running the configuration the docs give
 * ({@code docs/examples/nginx/sessionkit.conf}) with the hosts' ports and its own port put in: what the tests check
 * is what operators copy. Never a mock.
 *
 * <p>The binary is Debian's {@code /usr/sbin/nginx}, the one named by the system property {@code sessionkit.nginx},
 * or the first on the {@code PATH}. When it is missing, {@link #start} runs {@code host-app/src/test/install-nginx.sh}
 * once; if it is still missing the test fails, saying how to install it. It never skips.
 */
public final class NginxServer implements AutoCloseable {
    /** The configuration operators are told to use, relative to the host-app module (the tests' directory). */
    static final Path DOCUMENTED_CONFIG = Path.of("..", "docs", "examples", "nginx", "sessionkit.conf");
    private static final Pattern UPSTREAM_SERVER = Pattern.compile("(?m)^(\\s*)server 127\\.0\\.0\\.1:\\d+( [^;]*)?;\\n");
    private static final Pattern LISTEN = Pattern.compile("(?m)^(\\s*)listen 127\\.0\\.0\\.1:\\d+;");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 5;
    private static Path binary;

    private final Process process;
    private final Path dir;
    private final int port;
    private String documented;

    private NginxServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts nginx in front of the given hosts, with the documented configuration.
     *
     * @param dir   an empty directory for its configuration, logs and temporary files
     * @param hosts the hosts, in the order of the upstream's servers
     * @return the started server, accepting connections
     */
    public static NginxServer start(Path dir, List<HostProcess> hosts) {
        String documented = read(DOCUMENTED_CONFIG);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                Files.writeString(dir.resolve("sessionkit.conf"), withPorts(documented, hosts, List.of(), port));
                Files.writeString(dir.resolve("nginx.conf"), mainConfig(dir));
                Process process = new ProcessBuilder(binary().toString(), "-p", dir.toString(), "-e",
                        dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
                NginxServer server = new NginxServer(process, dir, port);
                server.documented = documented;
                if (server.awaitListening()) return server;
                server.close();
                last = new IllegalStateException("nginx did not start on port " + port + ": " + server.log());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw last;
    }

    /**
     * Changes the upstream and reloads nginx as an operator does ({@code nginx -s reload}), returning once the new
     * worker serves and the old one has finished its requests: the first step of a rolling restart marks the host to
     * stop {@code down}, the last brings it back.
     *
     * @param hosts the hosts, in the order of the upstream's servers
     * @param down  those of them nginx must send nothing to
     */
    public void reload(List<HostProcess> hosts, List<HostProcess> down) {
        List<Long> oldWorkers = process.toHandle().children().map(ProcessHandle::pid).toList();
        try {
            Files.writeString(dir.resolve("sessionkit.conf"), withPorts(documented, hosts, down, port));
            Process reload = new ProcessBuilder(binary().toString(), "-p", dir.toString(), "-e",
                    dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString(), "-s", "reload")
                    .redirectErrorStream(true).start();
            String output = new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!reload.waitFor(10, TimeUnit.SECONDS) || reload.exitValue() != 0) {
                throw new IllegalStateException("nginx -s reload failed: " + output + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> workers = process.toHandle().children().map(ProcessHandle::pid).toList();
            if (!workers.isEmpty() && workers.stream().noneMatch(oldWorkers::contains)) return;
            sleep(20);
        }
        throw new IllegalStateException("nginx did not replace its worker within " + START_TIMEOUT.toSeconds()
                + " s of the reload: " + log());
    }

    /**
     * @return the documented configuration with these hosts as its upstream servers (those in {@code down} marked
     *     so) and {@code port} to listen on
     */
    static String withPorts(String documented, List<HostProcess> hosts, List<HostProcess> down, int port) {
        Matcher first = UPSTREAM_SERVER.matcher(documented);
        if (!first.find()) throw new IllegalStateException(DOCUMENTED_CONFIG + " names no upstream server");
        String servers = hosts.stream().map(host -> first.group(1) + "server 127.0.0.1:" + host.port()
                + (first.group(2) == null ? "" : first.group(2)) + (down.contains(host) ? " down" : "") + ";\n")
                .collect(Collectors.joining());
        String upstream = documented.substring(0, first.start()) + servers
                + UPSTREAM_SERVER.matcher(documented.substring(first.start())).replaceAll("");
        Matcher listen = LISTEN.matcher(upstream);
        if (!listen.find()) throw new IllegalStateException(DOCUMENTED_CONFIG + " has no listen line");
        return listen.replaceFirst("$1listen 127.0.0.1:" + port + ";");
    }

    private static String mainConfig(Path dir) {
        boolean root = "root".equals(System.getProperty("user.name"));
        return (root ? "user root;\n" : "") + """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client-body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/sessionkit.conf;
                }
                """.formatted(dir);
    }

    private boolean awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        return false;
    }

    /** @return nginx's base URL, e.g. {@code http://127.0.0.1:41234} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return what nginx wrote to its error log and console, for failure messages */
    public String log() {
        return read(dir.resolve("error.log")) + read(dir.resolve("nginx.out"));
    }

    /** Stops nginx (SIGTERM, its fast shutdown) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized Path binary() {
        if (binary == null) {
            binary = locate();
            if (binary == null) {
                String installed = install();
                binary = locate();
                if (binary == null) {
                    throw new IllegalStateException("The load-balancer tests need nginx (Debian package 'nginx'), but "
                            + "it is missing and could not be installed. Install it with 'sudo "
                            + "host-app/src/test/install-nginx.sh' (or 'sudo apt-get install nginx'), or point "
                            + "-Dsessionkit.nginx at it. " + installed);
                }
            }
        }
        return binary;
    }

    private static Path locate() {
        List<Path> candidates = new ArrayList<>();
        String named = System.getProperty("sessionkit.nginx");
        if (named != null) candidates.add(Path.of(named));
        candidates.add(Path.of("/usr/sbin/nginx"));
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty()) candidates.add(Path.of(entry, "nginx"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static String install() {
        try {
            Process install = new ProcessBuilder("sh", "src/test/install-nginx.sh").redirectErrorStream(true).start();
            String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            install.waitFor(10, TimeUnit.MINUTES);
            return output;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
