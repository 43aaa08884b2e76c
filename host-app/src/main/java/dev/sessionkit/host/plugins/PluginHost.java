package dev.sessionkit.host.plugins;

import dev.sessionkit.api.MethodProvider;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's PF4J plugin manager and the method registry it feeds.
 *
 * <p>Plugins are the {@code *.jar} files of the plugins directory, loaded in file-name order. Every PF4J operation
 * (load, start, stop, unload) happens behind one lock, because PF4J's manager is not thread-safe. After each change
 * an immutable {@link MethodRegistry} is published through a volatile field; request threads only ever read that.
 *
 * <p>Failures are contained and reported, never fatal to the host: a jar that does not load, a plugin whose
 * {@code start()} throws, or whose methods cannot be read is logged and shown as {@code FAILED} with its error in
 * {@link MethodRegistry#plugins()}. A method id already provided by an earlier plugin keeps the earlier one; the
 * later plugin gets a warning. Each plugin's {@link MethodProvider} extensions are asked for their methods once per
 * start (PF4J creates new extension instances on each lookup).
 *
 * <p>Thread-safe.
 */
public final class PluginHost {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path root;
    private final String systemVersion;
    private final BundledPlugins bundled;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReportingPluginManager manager;
    // Guarded by lock:
    private final List<PluginReport> hostProblems = new ArrayList<>();
    private final Map<String, List<RegisteredMethod>> methodsByPlugin = new HashMap<>();
    private final Map<String, String> refusals = new HashMap<>();
    private List<Path> jars = List.of();

    private volatile MethodRegistry registry = MethodRegistry.EMPTY;

    /**
     * Creates the PF4J manager over {@code root} and sets its system version first, so that every plugin's
     * {@code Plugin-Requires} range is checked against the host.
     *
     * @param root          the plugins directory, {@code <data-dir>/plugins}
     * @param systemVersion the host version
     * @param bundled       the plugins to install on a first start
     */
    public PluginHost(Path root, String systemVersion, BundledPlugins bundled) {
        this.root = Objects.requireNonNull(root, "root");
        this.systemVersion = Objects.requireNonNull(systemVersion, "systemVersion");
        this.bundled = Objects.requireNonNull(bundled, "bundled");
        this.manager = new ReportingPluginManager(root);
        this.manager.setSystemVersion(systemVersion);
    }

    /**
     * Installs the bundled plugins on a first start, then loads and starts every plugin jar, and publishes the
     * registry. Never throws for a plugin's failure.
     */
    public void startAll() {
        lock.lock();
        try {
            hostProblems.addAll(bundled.installIfFirstStart(root));
            jars = listJars();
            manager.loadPlugins();
            for (PluginWrapper plugin : List.copyOf(manager.getPlugins())) {
                if (plugin.getPluginState() == PluginState.RESOLVED) {
                    start(plugin);
                }
            }
            publish();
        } finally {
            lock.unlock();
        }
        for (PluginReport plugin : registry.plugins()) {
            LOG.info("Plugin {}{}: {}{}", plugin.id(), plugin.version() == null ? "" : " " + plugin.version(),
                    plugin.state(), plugin.error() == null ? "" : " (" + plugin.error() + ")");
        }
    }

    /**
     * Stops every started plugin, one by one in reverse start order, then unloads them all (releasing their class
     * loaders and jar files). The registry is emptied first, so no new call reaches a stopping plugin.
     */
    public void stopAll() {
        lock.lock();
        try {
            registry = MethodRegistry.EMPTY;
            methodsByPlugin.clear();
            List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
            Collections.reverse(started);
            for (PluginWrapper plugin : started) {
                try {
                    manager.stopPlugin(plugin.getPluginId());
                } catch (RuntimeException | LinkageError e) {
                    LOG.error("Plugin {} failed to stop", plugin.getPluginId(), e);
                }
            }
            for (PluginWrapper plugin : List.copyOf(manager.getPlugins())) {
                try {
                    manager.unloadPlugin(plugin.getPluginId());
                } catch (RuntimeException | LinkageError e) {
                    LOG.error("Plugin {} failed to unload", plugin.getPluginId(), e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the current registry; keep using the same snapshot for the rest of a request */
    public MethodRegistry registry() {
        return registry;
    }

    private void start(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        manager.startPlugin(id);
        if (plugin.getPluginState() != PluginState.STARTED) {
            return;
        }
        try {
            List<RegisteredMethod> methods = new ArrayList<>();
            for (MethodProvider provider : manager.getExtensions(MethodProvider.class, id)) {
                for (PluginMethod method : Objects.requireNonNull(provider.methods(), "methods()")) {
                    MethodDescriptor descriptor = Objects.requireNonNull(method.descriptor(), "descriptor()");
                    methods.add(new RegisteredMethod(id, method, descriptor, plugin.getPluginClassLoader()));
                }
            }
            methodsByPlugin.put(id, methods);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Plugin {} started but its methods cannot be read; stopping it", id, e);
            refusals.put(id, "Its methods cannot be read: " + e);
            try {
                manager.stopPlugin(id);
            } catch (RuntimeException | LinkageError stopFailure) {
                LOG.error("Plugin {} failed to stop", id, stopFailure);
            }
        }
    }

    /** Rebuilds the registry from the plugins' current state. Called under the lock. */
    private void publish() {
        Map<Path, PluginWrapper> byPath = new HashMap<>();
        manager.getPlugins().forEach(p -> byPath.put(p.getPluginPath().toAbsolutePath().normalize(), p));
        Map<String, RegisteredMethod> methods = new LinkedHashMap<>();
        List<PluginReport> reports = new ArrayList<>(hostProblems);
        for (Path jar : jars) {
            PluginWrapper plugin = byPath.get(jar.toAbsolutePath().normalize());
            reports.add(plugin == null ? notLoaded(jar) : report(plugin, methods));
        }
        registry = new MethodRegistry(methods, reports);
    }

    private PluginReport report(PluginWrapper plugin, Map<String, RegisteredMethod> methods) {
        String id = plugin.getPluginId();
        List<String> warnings = new ArrayList<>();
        List<MethodDescriptor> accepted = new ArrayList<>();
        for (RegisteredMethod method : methodsByPlugin.getOrDefault(id, List.of())) {
            RegisteredMethod first = methods.putIfAbsent(method.descriptor().id(), method);
            if (first == null) {
                accepted.add(method.descriptor());
            } else {
                String warning = "Method '" + method.descriptor().id() + "' is already provided by plugin '"
                        + first.pluginId() + "'; this plugin's one is ignored.";
                LOG.warn("Plugin {}: {}", id, warning);
                warnings.add(warning);
            }
        }
        String state = refusals.containsKey(id) ? "FAILED" : plugin.getPluginState().name();
        return new PluginReport(id, plugin.getDescriptor().getVersion(), state, displayName(plugin),
                Objects.toString(plugin.getDescriptor().getPluginDescription(), ""), error(plugin), warnings,
                accepted);
    }

    private String error(PluginWrapper plugin) {
        String refusal = refusals.get(plugin.getPluginId());
        if (refusal != null) {
            return refusal;
        }
        String requires = plugin.getDescriptor().getRequires();
        if (plugin.getPluginState() == PluginState.DISABLED && plugin.getFailedException() != null) {
            return "It requires host version " + requires + "; this host is " + systemVersion + ".";
        }
        Throwable failure = plugin.getFailedException();
        if (plugin.getPluginState() == PluginState.FAILED && failure != null) {
            return "It failed to start: " + failure;
        }
        return null;
    }

    private PluginReport notLoaded(Path jar) {
        Throwable failure = manager.loadFailures.get(jar.toAbsolutePath().normalize());
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        return PluginReport.failed(name, "The jar " + jar.getFileName() + " could not be loaded: "
                + (failure == null ? "see the host log" : Objects.toString(failure.getMessage(), failure.toString())));
    }

    private static String displayName(PluginWrapper plugin) {
        try (JarFile jar = new JarFile(plugin.getPluginPath().toFile())) {
            Manifest manifest = jar.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Plugin-Name");
            return name == null || name.isBlank() ? plugin.getPluginId() : name;
        } catch (IOException e) {
            LOG.warn("Cannot read the manifest of {}; showing plugin {} by its id", plugin.getPluginPath(),
                    plugin.getPluginId(), e);
            return plugin.getPluginId();
        }
    }

    private List<Path> listJars() {
        if (!Files.isDirectory(root)) {
            LOG.warn("There is no plugins directory {}; no plugins are loaded", root);
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root, "*.jar")) {
            files.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        found.sort(null);
        return found;
    }

    /** PF4J's jar plugin manager, recording why a jar failed to load and skipping plugins it cannot resolve. */
    private static final class ReportingPluginManager extends JarPluginManager {
        private final Map<Path, Throwable> loadFailures = new HashMap<>();

        ReportingPluginManager(Path root) {
            super(root);
            setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
        }

        @Override
        protected PluginWrapper loadPluginFromPath(Path path) {
            try {
                return super.loadPluginFromPath(path);
            } catch (PluginRuntimeException e) {
                loadFailures.put(path.toAbsolutePath().normalize(), e);
                throw e;
            } catch (RuntimeException | LinkageError e) {
                loadFailures.put(path.toAbsolutePath().normalize(), e);
                throw new PluginRuntimeException(e, "Cannot load plugin {}", path);
            }
        }
    }
}
