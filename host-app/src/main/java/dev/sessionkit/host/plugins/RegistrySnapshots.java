package dev.sessionkit.host.plugins;

import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link MethodRegistry} snapshots that {@link PluginHost} publishes: one report per jar of the plugins
 * directory (loaded or not), one per recorded installation whose jar is missing, the methods of started plugins (the
 * first plugin to provide a method id keeps it; later ones get a warning), and the methods of plugins that are not
 * running, so that a call to one names its plugin.
 *
 * <p>Reads PF4J's manager, so it is used under {@link PluginHost}'s lock only.
 */
final class RegistrySnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySnapshots.class);

    private final Path root;
    private final HostCompatibility compatibility;
    private final InstalledPlugins installed;
    private final ReportingPluginManager manager;

    RegistrySnapshots(Path root, HostCompatibility compatibility, InstalledPlugins installed,
                      ReportingPluginManager manager) {
        this.root = root;
        this.compatibility = compatibility;
        this.installed = installed;
        this.manager = manager;
    }

    /**
     * @param hostProblems    reports of what failed before any plugin loaded (the bundled install)
     * @param jars            the plugins directory's jars, in load order
     * @param methodsByPlugin the methods of each started plugin
     * @param refusals        why the host refused a started plugin (its methods could not be read), by plugin id
     * @param version         the new snapshot's version, higher than every earlier one's
     * @return the registry of the manager's current state
     */
    MethodRegistry build(long version, List<PluginReport> hostProblems, List<Path> jars,
                         Map<String, List<RegisteredMethod>> methodsByPlugin, Map<String, String> refusals) {
        Map<Path, PluginWrapper> byPath = new HashMap<>();
        manager.getPlugins().forEach(p -> byPath.put(p.getPluginPath().toAbsolutePath().normalize(), p));
        Map<String, RegisteredMethod> methods = new LinkedHashMap<>();
        List<PluginReport> reports = new ArrayList<>(hostProblems);
        for (Path jar : jars) {
            PluginWrapper plugin = byPath.get(jar.toAbsolutePath().normalize());
            reports.add(plugin == null ? notLoaded(jar) : report(plugin, methods, methodsByPlugin, refusals));
        }
        for (InstalledPlugins.Installation installation : installed.installations().values()) {
            if (manager.getPlugin(installation.id()) == null
                    && !Files.exists(root.resolve(installation.file()))) {
                reports.add(new PluginReport(installation.id(), installation.version(), "FAILED", installation.id(),
                        "", "Its jar " + installation.file() + " is missing from " + root + ". Restore the file, or "
                        + "remove the plugin (DELETE /api/plugins/" + installation.id() + ") and install it again.",
                        List.of(), List.of()));
            }
        }
        return new MethodRegistry(version, methods, reports, unavailable(methods));
    }

    /** Method ids of plugins that are not running, each with the plugin and why, for clear call errors. */
    private Map<String, MethodRegistry.Unavailable> unavailable(Map<String, RegisteredMethod> available) {
        Map<String, MethodRegistry.Unavailable> unavailable = new HashMap<>();
        installed.methods().forEach((pluginId, methodIds) -> {
            PluginWrapper plugin = manager.getPlugin(pluginId);
            String why = plugin == null ? "is not installed"
                    : plugin.getPluginState() == PluginState.DISABLED ? "is disabled" : "is not running";
            for (String methodId : methodIds) {
                if (!available.containsKey(methodId)) {
                    unavailable.put(methodId, new MethodRegistry.Unavailable(pluginId, why));
                }
            }
        });
        return unavailable;
    }

    private PluginReport report(PluginWrapper plugin, Map<String, RegisteredMethod> methods,
                                Map<String, List<RegisteredMethod>> methodsByPlugin, Map<String, String> refusals) {
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
                Objects.toString(plugin.getDescriptor().getPluginDescription(), ""), error(plugin, refusals), warnings,
                accepted);
    }

    /**
     * @param plugin   a loaded plugin
     * @param refusals why the host refused started plugins, by id
     * @return why it is not running, or null
     */
    String error(PluginWrapper plugin, Map<String, String> refusals) {
        String refusal = refusals.get(plugin.getPluginId());
        if (refusal != null) {
            return refusal;
        }
        String requires = plugin.getDescriptor().getRequires();
        if (plugin.getPluginState() == PluginState.DISABLED && plugin.getFailedException() != null) {
            return "It requires host version " + requires + "; this host is " + compatibility.hostVersion() + ".";
        }
        Throwable failure = plugin.getFailedException();
        if (plugin.getPluginState() == PluginState.FAILED && failure != null) {
            return "It failed to start: " + failure;
        }
        return null;
    }

    private PluginReport notLoaded(Path jar) {
        Throwable failure = manager.loadFailure(jar);
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

    /** @return the plugins directory's {@code *.jar} files, sorted (empty when it does not exist) */
    List<Path> jars() {
        if (!Files.isDirectory(root)) {
            LOG.warn("There is no plugins directory {}; no plugins are loaded", root);
            return List.of();
        }
        return PluginArchive.jarsIn(root);
    }
}
