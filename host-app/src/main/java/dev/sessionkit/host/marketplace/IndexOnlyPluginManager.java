package dev.sessionkit.host.marketplace;

import java.lang.reflect.Proxy;
import org.pf4j.DefaultVersionManager;
import org.pf4j.PluginManager;
import org.pf4j.VersionManager;

/**
 * The {@link PluginManager} handed to pf4j-update's {@code UpdateManager}, which needs one to be constructed: it
 * answers only the host version and PF4J's version manager, and refuses everything else. So pf4j-update reads
 * indexes, downloads and verifies, but can never load, start or delete a plugin behind the host's back: every plugin
 * change goes through {@link dev.sessionkit.host.plugins.PluginHost}, under its lock.
 */
final class IndexOnlyPluginManager {
    private IndexOnlyPluginManager() {
    }

    /** @param hostVersion the host version @return the manager */
    static PluginManager create(String hostVersion) {
        VersionManager versions = new DefaultVersionManager();
        return (PluginManager) Proxy.newProxyInstance(PluginManager.class.getClassLoader(),
                new Class<?>[] {PluginManager.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSystemVersion" -> hostVersion;
                    case "getVersionManager" -> versions;
                    case "toString" -> "IndexOnlyPluginManager[" + hostVersion + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("The marketplace changes plugins through "
                            + "PluginHost, never through pf4j-update (" + method.getName() + ")");
                });
    }
}
