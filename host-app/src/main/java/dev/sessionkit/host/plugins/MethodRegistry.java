package dev.sessionkit.host.plugins;

import dev.sessionkit.api.error.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An immutable snapshot of the installed plugins and the methods they contribute, by method id. The
 * {@link PluginHost} publishes a new snapshot after every plugin change; request threads read the current one
 * without locking and keep using it for the rest of the request.
 */
public final class MethodRegistry {
    /** No plugins, no methods. */
    public static final MethodRegistry EMPTY = new MethodRegistry(Map.of(), List.of());

    private final long version;
    private final Map<String, RegisteredMethod> methods;
    private final List<PluginReport> plugins;
    private final Map<String, Unavailable> unavailable;

    /**
     * @param methods the methods by id
     * @param plugins the plugin reports, in load order
     */
    public MethodRegistry(Map<String, RegisteredMethod> methods, List<PluginReport> plugins) {
        this(methods, plugins, Map.of());
    }

    /**
     * @param methods     the methods by id
     * @param plugins     the plugin reports, in load order
     * @param unavailable methods of plugins that are not running (disabled, removed, failed), by method id, each with
     *                    the plugin that provided it and why it is gone
     */
    public MethodRegistry(Map<String, RegisteredMethod> methods, List<PluginReport> plugins,
                          Map<String, Unavailable> unavailable) {
        this(0, methods, plugins, unavailable);
    }

    /**
     * @param version     the snapshot's version: {@link PluginHost} raises it with every snapshot it publishes, so a
     *                    cache of something derived from the registry (the OpenAPI document) is keyed by it
     * @param methods     the methods by id
     * @param plugins     the plugin reports, in load order
     * @param unavailable methods of plugins that are not running, by method id
     */
    public MethodRegistry(long version, Map<String, RegisteredMethod> methods, List<PluginReport> plugins,
                          Map<String, Unavailable> unavailable) {
        this.version = version;
        this.methods = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(methods));
        this.plugins = List.copyOf(plugins);
        this.unavailable = Map.copyOf(unavailable);
    }

    /**
     * A method whose plugin is not running.
     *
     * @param pluginId the plugin that provided it
     * @param why      why it is gone, completing "which ...": {@code is disabled}, {@code is not installed}...
     */
    public record Unavailable(String pluginId, String why) {
    }

    /** @return the snapshot's version: a later snapshot of the same host has a higher one; {@link #EMPTY} has 0 */
    public long version() {
        return version;
    }

    /** @return every available method, by id, in the order plugins provided them */
    public Map<String, RegisteredMethod> methods() {
        return methods;
    }

    /** @param methodId a method id @return the method, or empty */
    public Optional<RegisteredMethod> find(String methodId) {
        return Optional.ofNullable(methods.get(methodId));
    }

    /**
     * @param methodId a method id
     * @return the method
     * @throws NotFoundException code {@code METHOD_NOT_FOUND}, with the installed method ids in the details; for a
     *                           method of a plugin that is disabled or was removed, the message and
     *                           {@code details.plugin} name that plugin
     */
    public RegisteredMethod require(String methodId) {
        return find(methodId).orElseThrow(() -> {
            Unavailable gone = unavailable.get(methodId);
            if (gone != null) {
                return new NotFoundException("METHOD_NOT_FOUND", "Method '" + methodId + "' belongs to plugin '"
                        + gone.pluginId() + "', which " + gone.why() + ". Enable or install that plugin "
                        + "(GET /api/marketplace), or change the step.",
                        Map.of("methodId", methodId, "pluginId", gone.pluginId(),
                                "knownMethods", List.copyOf(new TreeSet<>(methods.keySet()))));
            }
            return new NotFoundException("METHOD_NOT_FOUND", "No installed plugin has a method '" + methodId
                    + "'. GET /api/plugins lists the installed plugins and their methods.",
                    Map.of("methodId", methodId, "knownMethods", List.copyOf(new TreeSet<>(methods.keySet()))));
        });
    }

    /** @return every installed plugin and every jar that failed to load, in load order */
    public List<PluginReport> plugins() {
        return plugins;
    }

    /** @return how many plugins are running */
    public long startedPlugins() {
        return plugins.stream().filter(p -> p.state().equals("STARTED")).count();
    }
}
