package dev.sessionkit.host.plugins;

import dev.sessionkit.api.MethodProvider;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.UnprocessableException;
import dev.sessionkit.host.storage.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
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
 * an immutable {@link MethodRegistry} is published through a volatile field; request threads only ever read that, so
 * a change never fails a request in flight to another plugin.
 *
 * <p>Failures are contained and reported, never fatal to the host: a jar that does not load, a plugin whose
 * {@code start()} throws, or whose methods cannot be read is logged and shown as {@code FAILED} with its error in
 * {@link MethodRegistry#plugins()}; so is a plugin recorded in {@link InstalledPlugins} whose jar is missing. A method
 * id already provided by an earlier plugin keeps the earlier one; the later plugin gets a warning. Each plugin's
 * {@link MethodProvider} extensions are asked for their methods once per start (PF4J creates new extension instances
 * on each lookup).
 *
 * <p>Run-time changes ({@link #install}, {@link #update}, {@link #enable}, {@link #disable}, {@link #uninstall}) are
 * all or nothing: a change that fails throws a product exception saying why and leaves the plugins as they were (a
 * failed update keeps the old version running). Each version is installed under its own file name
 * {@code <id>-<version>.jar}; unloading closes the plugin's class loader. Installed, disabled and removed state is kept
 * in {@link InstalledPlugins}.
 *
 * <p>Thread-safe.
 */
public final class PluginHost {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    /** How long a plugin change waits for the plugin's calls in flight before stopping it anyway. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final HostCompatibility compatibility;
    private final BundledPlugins bundled;
    private final InstalledPlugins installed;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReportingPluginManager manager;
    private final RegistrySnapshots snapshots;
    private final MethodCallCounters callCounters;
    // Guarded by lock:
    private final List<PluginReport> hostProblems = new ArrayList<>();
    private final Map<String, List<RegisteredMethod>> methodsByPlugin = new HashMap<>();
    private final Map<String, String> refusals = new HashMap<>();
    private final Map<String, InFlightCalls> inFlight = new HashMap<>();
    private List<Path> jars = List.of();
    /** The version of the last registry published. */
    private long published;

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
        this(root, systemVersion, bundled, MethodCallCounters.NONE);
    }

    /**
     * As {@link #PluginHost(Path, String, BundledPlugins)}, counting every method call.
     *
     * @param root          the plugins directory, {@code <data-dir>/plugins}
     * @param systemVersion the host version
     * @param bundled       the plugins to install on a first start
     * @param callCounters  the counters of method calls, asked once per method as its plugin starts
     */
    public PluginHost(Path root, String systemVersion, BundledPlugins bundled, MethodCallCounters callCounters) {
        this.callCounters = Objects.requireNonNull(callCounters, "callCounters");
        this.root = Objects.requireNonNull(root, "root");
        this.compatibility = new HostCompatibility(Objects.requireNonNull(systemVersion, "systemVersion"));
        this.bundled = Objects.requireNonNull(bundled, "bundled");
        this.installed = new InstalledPlugins(root);
        this.manager = new ReportingPluginManager(root, installed);
        this.manager.setSystemVersion(systemVersion);
        this.snapshots = new RegistrySnapshots(root, compatibility, installed, manager);
    }

    /**
     * Installs the bundled plugins on a first start, sets aside what an interrupted update left behind, then
     * loads and starts every plugin jar, and publishes the registry. Never throws for a plugin's failure.
     */
    public void startAll() {
        lock.lock();
        try {
            hostProblems.addAll(bundled.installIfFirstStart(root));
            removeLeftovers();
            jars = snapshots.jars();
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
            inFlight.clear(); // the HTTP server stopped first and let its requests finish
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

    /**
     * A plugin installed on this host, as the desired state of a cluster records it.
     *
     * @param id         the plugin id
     * @param version    its version
     * @param jar        its jar file
     * @param repository the repository it came from ({@code bundled} for the bundled ones)
     * @param enabled    whether it is enabled (a failed plugin is enabled but not started)
     */
    public record Installed(String id, String version, Path jar, String repository, boolean enabled) {
    }

    /** @return every plugin installed on this host, by id, as recorded (started or not) */
    public List<Installed> installedPlugins() {
        lock.lock();
        try {
            List<Installed> all = new ArrayList<>();
            installed.installations().values().stream()
                    .sorted((a, b) -> a.id().compareTo(b.id()))
                    .forEach(entry -> all.add(new Installed(entry.id(), entry.version(), root.resolve(entry.file()),
                            entry.repository(), !installed.isPluginDisabled(entry.id()))));
            return List.copyOf(all);
        } finally {
            lock.unlock();
        }
    }

    /** @return the current registry; keep using the same snapshot for the rest of a request */
    public MethodRegistry registry() {
        return registry;
    }

    /** @return how this host judges {@code requires} ranges */
    public HostCompatibility compatibility() {
        return compatibility;
    }

    /**
     * Installs a plugin jar and starts it.
     *
     * @param candidate  the verified jar (left where it is; the plugins directory gets a copy)
     * @param expected   the id and version the repository announced (the jar's manifest must say the same), or null
     *                   to accept what the manifest says
     * @param repository the id of the repository it comes from
     * @return the started plugin's report
     * @throws UnprocessableException {@code UNSAFE_ARCHIVE}, {@code NOT_A_PLUGIN}, {@code PLUGIN_START_FAILED}
     * @throws ConflictException      {@code PLUGIN_ALREADY_INSTALLED}, {@code PLUGIN_INCOMPATIBLE}
     */
    public PluginReport install(Path candidate, PluginArchive expected, String repository) {
        return locked(() -> {
            PluginArchive archive = accept(candidate, expected);
            checkInstallable(archive.id());
            installed.enablePlugin(archive.id()); // a mark left by an earlier installation must not apply
            Path target = copyIntoRoot(candidate, archive);
            try {
                PluginWrapper plugin = loadAndStart(target, archive, true);
                installed.recordInstalled(new InstalledPlugins.Installation(archive.id(), archive.version(),
                        target.getFileName().toString(), repository, Instant.now()));
                refreshAndPublish();
                LOG.info("Installed plugin {} {} from repository {}", archive.id(), archive.version(), repository);
                return reportOf(plugin.getPluginId());
            } catch (RuntimeException | Error e) {
                discard(archive.id(), target);
                refreshAndPublish();
                throw e;
            }
        });
    }

    /**
     * Replaces an installed plugin with a newer version. The old version stops only after the new jar passed every
     * check; if the new one then fails to start, the old one is loaded and started again. A disabled plugin stays
     * disabled (its new version starts when it is enabled).
     *
     * @param candidate  the verified jar of the new version
     * @param expected   the id and version the repository announced, or null
     * @param repository the id of the repository it comes from
     * @return the plugin's report after the update
     * @throws NotFoundException      {@code PLUGIN_NOT_INSTALLED}
     * @throws ConflictException      {@code DOWNGRADE_REFUSED}, {@code PLUGIN_INCOMPATIBLE}
     * @throws UnprocessableException {@code UNSAFE_ARCHIVE}, {@code NOT_A_PLUGIN}, {@code PLUGIN_START_FAILED}
     */
    public PluginReport update(Path candidate, PluginArchive expected, String repository) {
        return locked(() -> {
            PluginArchive archive = accept(candidate, expected);
            String id = archive.id();
            checkUpdatable(id, archive.version());
            PluginWrapper old = manager.getPlugin(id);
            String oldVersion = old.getDescriptor().getVersion();
            boolean wasStarted = old.getPluginState() == PluginState.STARTED && !refusals.containsKey(id);
            Path oldPath = old.getPluginPath();
            Path target = copyIntoRoot(candidate, archive);
            unloadQuietly(id);
            try {
                PluginWrapper plugin = loadAndStart(target, archive, wasStarted);
                installed.recordInstalled(new InstalledPlugins.Installation(id, archive.version(),
                        target.getFileName().toString(), repository, Instant.now()));
                deleteQuietly(oldPath);
                refreshAndPublish();
                LOG.info("Updated plugin {} from {} to {}", id, oldVersion, archive.version());
                return reportOf(plugin.getPluginId());
            } catch (RuntimeException | Error e) {
                discard(id, target);
                restore(id, oldPath, wasStarted);
                refreshAndPublish();
                throw e;
            }
        });
    }

    /**
     * Starts a disabled (or failed) plugin and keeps it enabled across restarts. Enabling a started plugin does
     * nothing.
     *
     * @param id the plugin id
     * @return its report
     * @throws NotFoundException      {@code PLUGIN_NOT_INSTALLED}
     * @throws ConflictException      {@code PLUGIN_INCOMPATIBLE}
     * @throws UnprocessableException {@code PLUGIN_START_FAILED}; the plugin then stays as it was
     */
    public PluginReport enable(String id) {
        return locked(() -> {
            PluginWrapper plugin = requireLoaded(id);
            if (plugin.getPluginState() == PluginState.STARTED && !refusals.containsKey(id)) {
                return reportOf(id);
            }
            Optional<String> refusal = compatibility.refusal(plugin.getDescriptor().getRequires());
            if (refusal.isPresent()) {
                throw incompatible(id, plugin.getDescriptor().getVersion(), refusal.get());
            }
            boolean wasDisabled = plugin.getPluginState() == PluginState.DISABLED;
            refusals.remove(id);
            if (wasDisabled && !manager.enablePlugin(id)) {
                throw startFailed(id, "PF4J refused to enable it; see the host log");
            }
            try {
                startOrThrow(plugin);
            } catch (RuntimeException e) {
                if (wasDisabled) {
                    manager.disablePlugin(id);
                }
                publish();
                throw e;
            }
            publish();
            LOG.info("Enabled plugin {}", id);
            return reportOf(id);
        });
    }

    /**
     * Stops a plugin and keeps it disabled across restarts; its methods leave the registry first. Disabling a disabled
     * plugin does nothing.
     *
     * @param id the plugin id
     * @return its report
     * @throws NotFoundException {@code PLUGIN_NOT_INSTALLED}
     */
    public PluginReport disable(String id) {
        return locked(() -> {
            PluginWrapper plugin = requireLoaded(id);
            if (plugin.getPluginState() == PluginState.DISABLED) {
                return reportOf(id);
            }
            installed.disablePlugin(id); // recorded first: a failed write changes nothing
            withdraw(id);
            if (!manager.disablePlugin(id)) {
                LOG.error("Plugin {} failed to stop while being disabled; it stays out of the registry", id);
            }
            publish();
            LOG.info("Disabled plugin {}", id);
            return reportOf(id);
        });
    }

    /**
     * Stops and unloads a plugin (closing its class loader), deletes its jar and forgets its installation. A plugin
     * recorded as installed whose jar is missing is simply forgotten.
     *
     * @param id the plugin id
     * @return the plugin's report as it was before removal
     * @throws NotFoundException {@code PLUGIN_NOT_INSTALLED}
     */
    public PluginReport uninstall(String id) {
        return locked(() -> {
            PluginWrapper plugin = manager.getPlugin(id);
            if (plugin == null) {
                if (installed.installation(id).isEmpty()) {
                    throw notInstalled(id);
                }
                PluginReport before = reportOf(id);
                installed.recordRemoved(id);
                refreshAndPublish();
                return before;
            }
            PluginReport before = reportOf(id);
            Path path = plugin.getPluginPath();
            installed.recordRemoved(id); // recorded first: a failed write changes nothing
            unloadQuietly(id);
            deleteQuietly(path);
            refreshAndPublish();
            LOG.info("Uninstalled plugin {} {}", id, before.version());
            return before;
        });
    }

    /**
     * Checks that a plugin can be installed: no plugin of that id is loaded (in any state).
     *
     * @param id a plugin id
     * @throws ConflictException {@code PLUGIN_ALREADY_INSTALLED}
     */
    public void checkInstallable(String id) {
        lock.lock();
        try {
            PluginWrapper present = manager.getPlugin(id);
            if (present != null) {
                throw new ConflictException("PLUGIN_ALREADY_INSTALLED", "Plugin '" + id + "' is already installed "
                        + "(version " + present.getDescriptor().getVersion() + "). Update it with POST /api/plugins/"
                        + id + "/update, or remove it first.",
                        Map.of("pluginId", id, "installedVersion", present.getDescriptor().getVersion()));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks that a plugin can be updated to a version: it is loaded, and the version is newer than its own.
     * Downgrades are refused: remove the plugin, then install the older release.
     *
     * @param id      a plugin id
     * @param version the version to update to, or null to check only that the plugin is loaded
     * @return the installed version
     * @throws NotFoundException {@code PLUGIN_NOT_INSTALLED}
     * @throws ConflictException {@code DOWNGRADE_REFUSED} when {@code version} is not newer
     */
    public String checkUpdatable(String id, String version) {
        return locked(() -> {
            String installedVersion = requireLoaded(id).getDescriptor().getVersion();
            if (version != null && HostCompatibility.compare(version, installedVersion) <= 0) {
                throw new ConflictException("DOWNGRADE_REFUSED", "Plugin '" + id + "' " + installedVersion + " is "
                        + "installed; an update must be newer, and " + version + " is not. To go back to an older "
                        + "version, remove the plugin (DELETE /api/plugins/" + id + ") and install that version.",
                        Map.of("pluginId", id, "installedVersion", installedVersion, "requestedVersion", version));
            }
            return installedVersion;
        });
    }

    /**
     * @param id a plugin id
     * @return the ids of the methods it provides or last provided (also for a disabled or removed plugin), sorted
     */
    public List<String> methodIdsOf(String id) {
        List<String> ids = new ArrayList<>(installed.methods().getOrDefault(id, List.of()));
        registry.plugins().stream().filter(p -> p.id().equals(id))
                .forEach(p -> p.methods().forEach(m -> ids.add(m.id())));
        return ids.stream().distinct().sorted().toList();
    }

    /** Checks the jar, that it is what the repository announced, and that it admits this host. Under the lock. */
    private PluginArchive accept(Path candidate, PluginArchive expected) {
        PluginArchive archive = PluginArchive.inspect(candidate);
        if (expected != null && (!archive.id().equals(expected.id())
                || HostCompatibility.compare(archive.version(), expected.version()) != 0)) {
            throw new UnprocessableException("NOT_A_PLUGIN", "The repository lists this jar as plugin '"
                    + expected.id() + "' " + expected.version() + ", but its manifest says '" + archive.id() + "' "
                    + archive.version() + ". It was refused; the repository's plugins.json must be fixed.",
                    Map.of("pluginId", expected.id(), "version", expected.version(), "manifestId", archive.id(),
                            "manifestVersion", archive.version()));
        }
        Optional<String> refusal = compatibility.refusal(archive.requires());
        if (refusal.isPresent()) {
            throw incompatible(archive.id(), archive.version(), refusal.get());
        }
        return archive;
    }

    private Path copyIntoRoot(Path candidate, PluginArchive archive) {
        AtomicFile.ownerOnlyDirectory(root);
        Path target = root.resolve(archive.fileName());
        try {
            AtomicFile.write(target, Files.readAllBytes(candidate));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the downloaded plugin " + candidate + ": " + e.getMessage(), e);
        }
        return target;
    }

    /** Loads a jar and (when asked) starts it; on failure throws with the plugin still loaded (see discard). */
    private PluginWrapper loadAndStart(Path jar, PluginArchive archive, boolean startIt) {
        String id;
        try {
            id = manager.loadPlugin(jar);
        } catch (PluginRuntimeException | IllegalArgumentException e) {
            throw new UnprocessableException("NOT_A_PLUGIN", "PF4J cannot load " + jar.getFileName() + ": "
                    + e.getMessage(), Map.of("pluginId", archive.id(), "file", jar.getFileName().toString()), e);
        }
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin.getPluginState() == PluginState.DISABLED && plugin.getFailedException() != null) {
            throw incompatible(id, archive.version(), "It requires host version "
                    + plugin.getDescriptor().getRequires() + "; this host is " + compatibility.hostVersion() + ".");
        }
        if (startIt && plugin.getPluginState() != PluginState.DISABLED) {
            startOrThrow(plugin);
        }
        return plugin;
    }

    private void startOrThrow(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        start(plugin);
        if (plugin.getPluginState() != PluginState.STARTED || refusals.containsKey(id)) {
            String why = Objects.toString(snapshots.error(plugin, refusals),
                    "it ended in state " + plugin.getPluginState());
            if (plugin.getPluginState() == PluginState.STARTED) {
                stopQuietly(id);
            }
            throw startFailed(id, why);
        }
    }

    /** Unloads a plugin that failed to install and deletes its jar. */
    private void discard(String id, Path jar) {
        methodsByPlugin.remove(id);
        refusals.remove(id);
        PluginWrapper loaded = manager.getPlugin(id);
        if (loaded != null && loaded.getPluginPath().toAbsolutePath().normalize()
                .equals(jar.toAbsolutePath().normalize())) {
            unloadQuietly(id);
        }
        deleteQuietly(jar);
    }

    /** Loads the previous version again after a failed update. */
    private void restore(String id, Path oldJar, boolean startIt) {
        try {
            String restored = manager.loadPlugin(oldJar);
            PluginWrapper plugin = manager.getPlugin(restored);
            if (startIt && plugin.getPluginState() == PluginState.RESOLVED) {
                start(plugin);
            }
            LOG.info("Plugin {}: the previous version {} is back in state {}", id,
                    plugin.getDescriptor().getVersion(), plugin.getPluginState());
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Plugin {}: the previous version could not be loaded again from {}", id, oldJar, e);
        }
    }

    private void stopQuietly(String id) {
        try {
            manager.stopPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Plugin {} failed to stop", id, e);
        }
    }

    /**
     * Takes a plugin's methods out of the registry, so no new call reaches it, then lets the calls in flight finish
     * (at most {@link #DRAIN_TIMEOUT}).
     */
    private void withdraw(String id) {
        methodsByPlugin.remove(id);
        refusals.remove(id);
        publish();
        InFlightCalls calls = inFlight.remove(id);
        if (calls != null && !calls.awaitIdle(DRAIN_TIMEOUT)) {
            LOG.warn("Plugin {}: {} call(s) still running after {}s; stopping it anyway", id, calls.running(),
                    DRAIN_TIMEOUT.toSeconds());
        }
    }

    private void unloadQuietly(String id) {
        withdraw(id);
        stopQuietly(id);
        try {
            if (!manager.unloadPlugin(id)) {
                LOG.error("Plugin {} could not be unloaded", id);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Plugin {} failed to unload", id, e);
        }
    }

    /**
     * Sets aside the jars an update left beside a plugin's recorded jar when the host stopped between writing the new
     * jar and deleting the old one: of several jars of one plugin id, the one {@code installed.json} records stays,
     * whichever version it is, so the plugin is the one that was running or the one whose update was recorded. The
     * others are renamed {@code <name>.jar.leftover} (not loaded, not lost: a jar an admin copied in by hand is kept
     * for them), with a warning. Jars of ids it does not record and unreadable jars (reported when loaded) are left
     * alone, and nothing moves unless the recorded jar is a different, readable jar of the same id.
     */
    private void removeLeftovers() {
        if (!Files.isDirectory(root)) return;
        Map<String, InstalledPlugins.Installation> recorded = installed.installations();
        Set<String> recordedFiles = new HashSet<>();
        recorded.values().forEach(installation -> recordedFiles.add(installation.file()));
        for (Path jar : PluginArchive.jarsIn(root)) {
            // A recorded jar is the one kept: only the others (rare) are opened to read their plugin id.
            if (recordedFiles.contains(jar.getFileName().toString())) continue;
            String id = idOrNull(jar);
            InstalledPlugins.Installation installation = id == null ? null : recorded.get(id);
            if (installation == null) continue;
            Path kept = root.resolve(installation.file());
            if (Files.isRegularFile(kept) && !sameFile(jar, kept) && id.equals(idOrNull(kept))) {
                Path aside = jar.resolveSibling(jar.getFileName() + ".leftover");
                try {
                    Files.move(jar, aside, StandardCopyOption.REPLACE_EXISTING);
                    LOG.warn("Plugin {}: {} was left beside its recorded jar {} by an update that did not finish; "
                            + "renamed {}", id, jar.getFileName(), installation.file(), aside.getFileName());
                } catch (IOException e) {
                    LOG.error("Plugin {}: cannot set aside {} ({}); two jars of it are in {}", id, jar.getFileName(),
                            e.toString(), root);
                }
            }
        }
    }

    /** @return the plugin id a jar's manifest names, or null when it is not a readable plugin jar */
    private static String idOrNull(Path jar) {
        try {
            return PluginArchive.inspect(jar).id();
        } catch (UnprocessableException unreadable) {
            return null;
        }
    }

    private static boolean sameFile(Path one, Path other) {
        try {
            return Files.isSameFile(one, other);
        } catch (IOException e) {
            return true; // when in doubt, the jar is the recorded one: nothing is set aside
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.error("Cannot delete {}: {}", file, e.toString());
        }
    }

    private PluginWrapper requireLoaded(String id) {
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin == null) {
            throw notInstalled(id);
        }
        return plugin;
    }

    private PluginReport reportOf(String id) {
        return registry.plugins().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> notInstalled(id));
    }

    private NotFoundException notInstalled(String id) {
        return new NotFoundException("PLUGIN_NOT_INSTALLED", "No plugin '" + id + "' is installed. GET /api/plugins "
                + "lists the installed plugins; GET /api/marketplace lists those you can install.",
                Map.of("pluginId", id));
    }

    private static ConflictException incompatible(String id, String version, String why) {
        return new ConflictException("PLUGIN_INCOMPATIBLE", "Plugin '" + id + "' " + version + " does not run on "
                + "this host. " + why + " Pick a release whose requires range admits this host.",
                Map.of("pluginId", id, "version", version, "reason", why));
    }

    private static UnprocessableException startFailed(String id, String why) {
        return new UnprocessableException("PLUGIN_START_FAILED", "Plugin '" + id + "' failed to start, so it was "
                + "not kept: " + why, Map.of("pluginId", id, "reason", why));
    }

    private void start(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        manager.startPlugin(id);
        if (plugin.getPluginState() != PluginState.STARTED) {
            return;
        }
        try {
            List<RegisteredMethod> methods = new ArrayList<>();
            InFlightCalls calls = new InFlightCalls();
            for (MethodProvider provider : manager.getExtensions(MethodProvider.class, id)) {
                for (PluginMethod method : Objects.requireNonNull(provider.methods(), "methods()")) {
                    MethodDescriptor descriptor = Objects.requireNonNull(method.descriptor(), "descriptor()");
                    methods.add(new RegisteredMethod(id,
                            calls.count(method, callCounters.forMethod(id, descriptor.id())), descriptor,
                            plugin.getPluginClassLoader()));
                }
            }
            inFlight.put(id, calls);
            methodsByPlugin.put(id, methods);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Plugin {} started but its methods cannot be read; stopping it", id, e);
            refusals.put(id, "Its methods cannot be read: " + e);
            stopQuietly(id);
        }
    }

    /**
     * Records which plugin provides each method now (the methods a started plugin got, not those another plugin
     * already had), so that once the plugin is gone a call to one of them names it, not another plugin that once
     * offered the same id.
     */
    private void rememberOwners(MethodRegistry published) {
        for (PluginReport report : published.plugins()) {
            if (!report.state().equals("STARTED") || !methodsByPlugin.containsKey(report.id())) continue;
            try {
                installed.recordMethods(report.id(), report.methods().stream().map(MethodDescriptor::id).toList());
            } catch (UncheckedIOException e) {
                LOG.warn("Cannot record the methods of plugin {}: {}", report.id(), e.getMessage());
            }
        }
    }

    private void refreshAndPublish() {
        jars = snapshots.jars();
        publish();
    }

    /** Rebuilds the registry from the plugins' current state. Called under the lock. */
    private void publish() {
        registry = snapshots.build(++published, hostProblems, jars, methodsByPlugin, refusals);
        rememberOwners(registry);
    }

    /** Runs {@code action} holding the lock; its exceptions pass through. @return what it returns */
    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
