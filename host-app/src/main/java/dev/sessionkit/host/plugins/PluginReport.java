package dev.sessionkit.host.plugins;

import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.util.List;

/**
 * What the host knows about one installed plugin (or one plugin jar that could not be loaded), as
 * {@code GET /api/plugins} shows it.
 *
 * @param id          the plugin id; for a jar that could not be loaded, its file name without {@code .jar}
 * @param version     the plugin version, or null when unknown
 * @param state       PF4J's state ({@code STARTED}, {@code DISABLED}, {@code FAILED}...); {@code FAILED} also when
 *                    the host refused the plugin's methods or could not load its jar
 * @param name        the display name ({@code Plugin-Name} in the manifest, else the id)
 * @param description the description ({@code Plugin-Description}), may be empty
 * @param error       why the plugin is not running, or null
 * @param warnings    problems that did not stop it (a method id already taken by another plugin); never null
 * @param methods     the descriptors of the methods it contributes to the registry; never null
 */
public record PluginReport(String id, String version, String state, String name, String description, String error,
                           List<String> warnings, List<MethodDescriptor> methods) {
    /** Copies the lists. */
    public PluginReport {
        warnings = List.copyOf(warnings);
        methods = List.copyOf(methods);
    }

    /**
     * @param id    the plugin id or jar name
     * @param error why it is not running
     * @return the report of a plugin that could not be loaded
     */
    public static PluginReport failed(String id, String error) {
        return new PluginReport(id, null, "FAILED", id, "", error, List.of(), List.of());
    }
}
