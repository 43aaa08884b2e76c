package dev.sessionkit.host.plugins;

import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.descriptor.MethodDescriptor;

/**
 * A method as the host dispatches it.
 *
 * @param pluginId    the plugin that contributes it
 * @param method      the method
 * @param descriptor  its descriptor, read once when the plugin started
 * @param classLoader the plugin's class loader, made the thread's context class loader while the method runs
 */
public record RegisteredMethod(String pluginId, PluginMethod method, MethodDescriptor descriptor,
                               ClassLoader classLoader) {
}
