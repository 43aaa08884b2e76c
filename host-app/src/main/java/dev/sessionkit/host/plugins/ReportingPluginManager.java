package dev.sessionkit.host.plugins;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;

/**
 * PF4J's jar plugin manager, recording why a jar failed to load, skipping plugins it cannot resolve, and reading
 * disabled plugins from {@link InstalledPlugins}. Not thread-safe (PF4J's manager is not): {@link PluginHost} uses it
 * behind its lock.
 */
final class ReportingPluginManager extends JarPluginManager {
    private final Map<Path, Throwable> loadFailures = new HashMap<>();

    ReportingPluginManager(Path root, InstalledPlugins installed) {
        super(root);
        this.pluginStatusProvider = installed;
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    /** None yet: the superclass asks while constructing; the constructor sets {@link InstalledPlugins}. */
    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return null;
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

    /** @param jar a jar of the plugins directory @return why it failed to load, or null */
    Throwable loadFailure(Path jar) {
        return loadFailures.get(jar.toAbsolutePath().normalize());
    }
}
