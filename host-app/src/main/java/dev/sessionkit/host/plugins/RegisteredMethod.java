package dev.sessionkit.host.plugins;

import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.descriptor.MethodDescriptor;

/**
 * A method as the host dispatches it.
 *
 * @param pluginId    the plugin that contributes it
 * @param method      the method, as the host calls it: it delegates to the plugin's method and counts the calls in
 *                    flight, so that the host can let them finish before it stops or unloads the plugin
 * @param descriptor  its descriptor, read once when the plugin started
 * @param classLoader the plugin's class loader, made the thread's context class loader while the method runs
 */
public record RegisteredMethod(String pluginId, PluginMethod method, MethodDescriptor descriptor,
                               ClassLoader classLoader) {
}
