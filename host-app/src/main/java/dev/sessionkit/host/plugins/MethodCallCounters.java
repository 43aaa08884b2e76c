package dev.sessionkit.host.plugins;

/**
 * Counts the calls of each registered method, for metrics. {@link PluginHost} asks once per method when its plugin
 * starts, so a call counts itself without any lookup.
 */
@FunctionalInterface
public interface MethodCallCounters {
    /** Counts nothing. */
    MethodCallCounters NONE = (pluginId, methodId) -> failed -> { };

    /** Told of one finished call; must be fast, lock-free and must not throw. */
    @FunctionalInterface
    interface Counter {
        /** @param failed whether the call threw (a product error or an unexpected failure) */
        void called(boolean failed);
    }

    /**
     * @param pluginId the plugin
     * @param methodId the method's id
     * @return the counter of this method's calls
     */
    Counter forMethod(String pluginId, String methodId);
}
