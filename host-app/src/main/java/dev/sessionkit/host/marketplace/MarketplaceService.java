package dev.sessionkit.host.marketplace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.host.apps.App;
import dev.sessionkit.host.plugins.HostCompatibility;
import dev.sessionkit.host.plugins.PluginArchive;
import dev.sessionkit.host.plugins.PluginHost;
import dev.sessionkit.host.plugins.PluginReport;
import dev.sessionkit.host.plugins.PluginSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.pf4j.update.PluginInfo;
import org.pf4j.update.PluginInfo.PluginRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marketplace: what the repositories offer next to what is installed, and the admin's operations on plugins —
 * install, update, enable, disable, uninstall — all taking effect at once, without a restart.
 *
 * <p>Downloads come from the {@link PluginCatalog} (pf4j-update: index, download, required SHA-512 check); the
 * plugin change itself is {@link PluginHost}'s (archive checks, {@code requires}, load and start, rollback,
 * persistence). Every refusal is a product exception saying which check failed; nothing changes then.
 *
 * <p>Thread-safe: changes are serialized (one at a time, its download included). The listing does not wait for a
 * change (it shows the plugins as they are at that moment; a download does not hold the catalog), and reads of the
 * registry by request threads are never blocked.
 */
public final class MarketplaceService {
    private static final Logger LOG = LoggerFactory.getLogger(MarketplaceService.class);

    private final PluginCatalog catalog;
    private final PluginHost plugins;
    private final Supplier<List<App>> apps;
    private final ReentrantLock changes = new ReentrantLock();
    private volatile Runnable afterChange = () -> { };

    /**
     * The result of an uninstall.
     *
     * @param plugin        the plugin as it was before removal
     * @param affectedFlows the flows that used its methods (they now fail with an error naming the plugin)
     */
    public record Removal(PluginReport plugin, List<AffectedFlows.AffectedFlow> affectedFlows) {
    }

    private MarketplaceService(PluginCatalog catalog, PluginHost plugins, Supplier<List<App>> apps) {
        this.catalog = catalog;
        this.plugins = plugins;
        this.apps = apps;
    }

    /**
     * @param repositoriesFile the configured {@code repositories.json}, or null for the bundled repository only
     * @param plugins          the plugin host
     * @param apps             every app, to find the flows a removal affects
     * @return the marketplace
     * @throws IllegalStateException when the repositories file is missing or invalid
     */
    public static MarketplaceService create(Path repositoriesFile, PluginHost plugins, Supplier<List<App>> apps) {
        PluginCatalog catalog = new PluginCatalog(plugins.compatibility(), RepositoryList.read(repositoriesFile));
        return new MarketplaceService(catalog, Objects.requireNonNull(plugins), Objects.requireNonNull(apps));
    }

    /**
     * Reads every repository's index again and describes the marketplace (the form {@link MarketplaceJson}
     * documents).
     *
     * @return the marketplace's JSON
     */
    public ObjectNode listing() {
        catalog.refresh();
        return MarketplaceJson.listing(catalog, plugins.registry().plugins());
    }

    /**
     * Installs a plugin from the repositories and starts it.
     *
     * @param pluginId the plugin id
     * @param version  the release, or null for the newest that admits this host
     * @return the started plugin
     * @throws ConflictException {@code PLUGIN_ALREADY_INSTALLED}, {@code PLUGIN_INCOMPATIBLE}; and every refusal of
     *                           {@link PluginCatalog#fetch} and {@link PluginHost#install}
     */
    public PluginReport install(String pluginId, String version) {
        return change(() -> {
            plugins.checkInstallable(pluginId); // before downloading anything
            FetchedRelease release = catalog.fetch(pluginId, version);
            try {
                return plugins.install(release.jar(), PluginArchive.announced(pluginId, release.version()),
                        release.repository());
            } finally {
                PluginSource.discard(release.jar());
            }
        });
    }

    /**
     * Updates an installed plugin to a newer release; a failure keeps the old version running.
     *
     * @param pluginId the plugin id
     * @param version  the release, or null for the newest that admits this host
     * @return the plugin after the update
     * @throws NotFoundException {@code PLUGIN_NOT_INSTALLED}, {@code PLUGIN_NOT_IN_MARKETPLACE}
     * @throws ConflictException {@code NO_UPDATE} when nothing newer admits this host, {@code DOWNGRADE_REFUSED}; and
     *                           every refusal of {@link PluginCatalog#fetch} and {@link PluginHost#update}
     */
    public PluginReport update(String pluginId, String version) {
        return change(() -> {
            String installed = plugins.checkUpdatable(pluginId, version); // before downloading anything
            FetchedRelease release = catalog.fetch(pluginId, version == null ? newestUpdate(pluginId, installed)
                    : version);
            try {
                return plugins.update(release.jar(), PluginArchive.announced(pluginId, release.version()),
                        release.repository());
            } finally {
                PluginSource.discard(release.jar());
            }
        });
    }

    /** @param pluginId a plugin id @return it, started @see PluginHost#enable */
    public PluginReport enable(String pluginId) {
        return change(() -> {
            return plugins.enable(pluginId);
        });
    }

    /** @param pluginId a plugin id @return it, disabled @see PluginHost#disable */
    public PluginReport disable(String pluginId) {
        return change(() -> {
            return plugins.disable(pluginId);
        });
    }

    /**
     * Removes a plugin, even one that flows use: the answer lists those flows.
     *
     * @param pluginId a plugin id
     * @return the removed plugin and the flows it affects
     * @see PluginHost#uninstall
     */
    public Removal uninstall(String pluginId) {
        return change(() -> {
            List<String> methodIds = plugins.methodIdsOf(pluginId);
            PluginReport removed = plugins.uninstall(pluginId);
            List<AffectedFlows.AffectedFlow> affected = AffectedFlows.find(apps.get(), methodIds);
            if (!affected.isEmpty()) {
                LOG.warn("Plugin {} was removed while {} flow(s) use it: {}", pluginId, affected.size(),
                        affected.stream().map(f -> f.appId() + "/" + f.flowId()).toList());
            }
            return new Removal(removed, affected);
        });
    }

    /**
     * The flows that use an installed plugin's methods (started, disabled or failed), as an uninstall would list them:
     * what an admin is shown before disabling or uninstalling it.
     *
     * @param pluginId a plugin id
     * @return the flows that use its methods, app by app
     * @throws NotFoundException {@code PLUGIN_NOT_INSTALLED}
     */
    public List<AffectedFlows.AffectedFlow> flowsUsing(String pluginId) {
        if (plugins.registry().plugins().stream().noneMatch(report -> report.id().equals(pluginId))) {
            throw new NotFoundException("PLUGIN_NOT_INSTALLED", "No plugin '" + pluginId + "' is installed, so no "
                    + "flow uses it. GET /api/plugins lists the installed plugins.", Map.of("pluginId", pluginId));
        }
        return AffectedFlows.find(apps.get(), plugins.methodIdsOf(pluginId));
    }

    /** The newest release newer than the installed one that admits this host. */
    private String newestUpdate(String pluginId, String installed) {
        PluginInfo offered = catalog.plugin(pluginId).orElseThrow(() -> new NotFoundException(
                "PLUGIN_NOT_IN_MARKETPLACE", "No repository offers plugin '" + pluginId + "', so there is nothing to "
                + "update it from.", Map.of("pluginId", pluginId)));
        Optional<PluginRelease> newest = catalog.newestCompatible(offered);
        if (newest.isPresent() && HostCompatibility.compare(newest.get().version, installed) <= 0) {
            throw new ConflictException("NO_UPDATE", "Plugin '" + pluginId + "' " + installed + " is the newest "
                    + "release that runs on this host; there is nothing to update.",
                    Map.of("pluginId", pluginId, "installedVersion", installed));
        }
        return newest.map(r -> r.version).orElseThrow(() -> catalog.noCompatibleRelease(offered));
    }

    /**
     * @param listener told after each plugin change made through the marketplace succeeded (a cluster publishes its
     *                 desired plugins then), while the change's lock is still held; replaces the previous one
     */
    public void afterEachChange(Runnable listener) {
        afterChange = Objects.requireNonNull(listener, "listener");
    }

    /** A change made through the marketplace: serialized, then the listener is told. */
    private <T> T change(Supplier<T> action) {
        return serialized(() -> {
            T result = action.get();
            afterChange.run();
            return result;
        });
    }

    /**
     * Runs {@code action} holding the lock every plugin change takes (one change at a time): the marketplace's own
     * changes, and those a cluster applies to converge to its desired plugins.
     *
     * @param action the change
     * @param <T>    what it answers
     * @return what it returns
     */
    public <T> T serialized(Supplier<T> action) {
        changes.lock();
        try {
            return action.get();
        } finally {
            changes.unlock();
        }
    }
}
