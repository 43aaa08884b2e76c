package dev.sessionkit.host.marketplace;

import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.UnprocessableException;
import dev.sessionkit.host.plugins.HostCompatibility;
import dev.sessionkit.host.plugins.PluginSource;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.PluginRuntimeException;
import org.pf4j.update.FileDownloader;
import org.pf4j.update.FileVerifier;
import org.pf4j.update.PluginInfo;
import org.pf4j.update.PluginInfo.PluginRelease;
import org.pf4j.update.UpdateManager;
import org.pf4j.update.UpdateRepository;
import org.pf4j.update.VerifyException;

/**
 * The plugins that the host's repositories offer, and fetching one verified release of one of them. Built on
 * pf4j-update's {@link UpdateManager}: it merges the repositories' indexes (when two list the same plugin id, the
 * later repository in the list wins), downloads with each repository's downloader and verifies with its verifier
 * (here: the SHA-512 checksum is required, see {@link PluginRepository}).
 *
 * <p>Compatibility is judged with {@link HostCompatibility} (PF4J's rule: a bare version means "this or newer"), the
 * same rule that the plugin manager applies to a jar's {@code Plugin-Requires}, so the marketplace never offers what
 * the manager would then refuse.
 *
 * <p>Indexes are read on first use and again after {@link #refresh()}. Thread-safe: every use of pf4j-update is
 * synchronized, since it is not thread-safe; a download and its verification run outside that lock, so the listing
 * answers while a plugin is being fetched.
 */
final class PluginCatalog {
    private final HostCompatibility compatibility;
    private final List<PluginRepository> repositories;
    private final Index index;

    /**
     * @param compatibility this host's compatibility rule
     * @param repositories  the repositories, in precedence order (later wins)
     */
    PluginCatalog(HostCompatibility compatibility, List<PluginRepository> repositories) {
        this.compatibility = compatibility;
        this.repositories = List.copyOf(repositories);
        this.index = new Index(compatibility.hostVersion(), new ArrayList<>(this.repositories));
    }

    /** @return this host's compatibility rule */
    HostCompatibility compatibility() {
        return compatibility;
    }

    /** Reads every repository's index again on next use. */
    synchronized void refresh() {
        index.refresh();
    }

    /** @return every plugin offered, by id (sorted) */
    synchronized List<PluginInfo> plugins() {
        return index.getPlugins();
    }

    /** @return each repository's status */
    synchronized List<RepositoryStatus> repositories() {
        List<RepositoryStatus> statuses = new ArrayList<>();
        for (PluginRepository repository : repositories) {
            statuses.add(new RepositoryStatus(repository.getId(), repository.getUrl().toString(),
                    repository.getPlugins().size(), repository.problem()));
        }
        return statuses; // a repository that cannot be read reports its problem: one never breaks the listing
    }

    /** @param pluginId a plugin id @return the plugin's entry, or empty */
    synchronized Optional<PluginInfo> plugin(String pluginId) {
        return Optional.ofNullable(index.getPluginsMap().get(pluginId));
    }

    /**
     * @param plugin a plugin entry
     * @return its releases, newest first
     */
    static List<PluginRelease> newestFirst(PluginInfo plugin) {
        List<PluginRelease> releases = new ArrayList<>(plugin.releases);
        releases.sort(Comparator.comparing((PluginRelease r) -> r.version, HostCompatibility::compare).reversed());
        return releases;
    }

    /**
     * @param plugin a plugin entry
     * @return its newest release whose {@code requires} admits this host, or empty
     */
    Optional<PluginRelease> newestCompatible(PluginInfo plugin) {
        return newestFirst(plugin).stream().filter(r -> compatibility.refusal(r.requires).isEmpty()).findFirst();
    }

    /**
     * Downloads a release and verifies its checksum.
     *
     * @param pluginId the plugin id
     * @param version  the version, or null for the newest that admits this host
     * @return the verified download
     * @throws NotFoundException      {@code PLUGIN_NOT_IN_MARKETPLACE}, {@code RELEASE_NOT_FOUND}
     * @throws ConflictException      {@code PLUGIN_INCOMPATIBLE} when the release's {@code requires} excludes this host
     * @throws UnprocessableException {@code CHECKSUM_MISSING}, {@code CHECKSUM_MISMATCH}, {@code DOWNLOAD_FAILED}
     */
    FetchedRelease fetch(String pluginId, String version) {
        Index.Download download;
        synchronized (this) {
            download = prepare(pluginId, version);
        }
        Map<String, Object> facts = Map.of("pluginId", pluginId, "version", download.release().version,
                "repository", download.repositoryId());
        try {
            Path jar = download.run();
            return new FetchedRelease(pluginId, download.release().version, download.repositoryId(), jar);
        } catch (VerifyException e) {
            throw new UnprocessableException("CHECKSUM_MISMATCH", "The download of plugin '" + pluginId + "' "
                    + download.release().version + " from repository '" + download.repositoryId() + "' failed "
                    + "verification and was refused: " + e.getMessage(), facts, e);
        } catch (IOException | PluginRuntimeException e) {
            throw new UnprocessableException("DOWNLOAD_FAILED", "Plugin '" + pluginId + "' "
                    + download.release().version + " cannot be downloaded from repository '" + download.repositoryId()
                    + "' (" + download.release().url + "): "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().toString())
                    + ". Check that the repository is reachable.", facts, e);
        }
    }

    /** Picks the release to fetch and how, checking it may be installed. Call holding the catalog's lock. */
    private Index.Download prepare(String pluginId, String version) {
        PluginInfo plugin = plugin(pluginId).orElseThrow(() -> new NotFoundException("PLUGIN_NOT_IN_MARKETPLACE",
                "No repository offers a plugin '" + pluginId + "'. GET /api/marketplace lists what can be installed.",
                Map.of("pluginId", pluginId)));
        PluginRelease release = version == null
                ? newestCompatible(plugin).orElseThrow(() -> noCompatibleRelease(plugin))
                : newestFirst(plugin).stream().filter(r -> sameVersion(r.version, version)).findFirst()
                        .orElseThrow(() -> new NotFoundException("RELEASE_NOT_FOUND", "Plugin '" + pluginId
                                + "' has no release " + version + ". Its releases: " + versions(plugin) + ".",
                                Map.of("pluginId", pluginId, "version", version, "releases", versions(plugin))));
        if (compatibility.refusal(release.requires).isPresent()) {
            throw incompatible(plugin, release);
        }
        Map<String, Object> facts = Map.of("pluginId", pluginId, "version", release.version,
                "repository", plugin.getRepositoryId());
        if (release.sha512sum == null || release.sha512sum.isBlank()) {
            throw new UnprocessableException("CHECKSUM_MISSING", "Release " + release.version + " of plugin '"
                    + pluginId + "' has no sha512sum in repository '" + plugin.getRepositoryId() + "', so its "
                    + "download cannot be verified and is refused. The repository must publish the checksum "
                    + "(see docs/plugin-authoring.md).", facts);
        }
        return index.prepare(pluginId, release.version, plugin.getRepositoryId());
    }

    /**
     * @param plugin a plugin none of whose releases admits this host
     * @return the refusal, {@code PLUGIN_INCOMPATIBLE}, quoting its newest release
     */
    ConflictException noCompatibleRelease(PluginInfo plugin) {
        return incompatible(plugin, newestFirst(plugin).get(0));
    }

    private ConflictException incompatible(PluginInfo plugin, PluginRelease release) {
        String why = compatibility.refusal(release.requires).orElse("");
        return new ConflictException("PLUGIN_INCOMPATIBLE", "Plugin '" + plugin.id + "' " + release.version
                + " does not run on this host. " + why + " Pick a release whose requires range admits this host.",
                Map.of("pluginId", plugin.id, "version", release.version, "reason", why));
    }

    private static boolean sameVersion(String left, String right) {
        try {
            return HostCompatibility.compare(left, right) == 0;
        } catch (IllegalArgumentException e) {
            return left.equals(right);
        }
    }

    private static List<String> versions(PluginInfo plugin) {
        return newestFirst(plugin).stream().map(r -> r.version).toList();
    }

    /**
     * pf4j-update's manager, used for its index and its verified download only: its own {@code downloadPlugin}, split
     * in two so the download runs outside the catalog's lock, and deleting the download when the verification
     * refuses it (pf4j-update leaves it in the temporary directory).
     */
    private static final class Index extends UpdateManager {
        Index(String hostVersion, List<UpdateRepository> repositories) {
            super(IndexOnlyPluginManager.create(hostVersion), repositories);
        }

        /**
         * Does nothing: the repositories are the host's ({@link RepositoryList}), never those of a file. pf4j-update
         * otherwise reads {@code repositories.json} from the working directory on every refresh when one is there
         * (it keeps that default path even when given the repositories), replacing the host's repositories by its
         * own: the bundled one was lost, the checksum was no longer required, and a folder url ({@code /path},
         * {@code repository}) failed the whole listing with a MalformedURLException.
         */
        @Override
        protected synchronized void initRepositoriesFromJson() {
        }

        /** @return the download of one release with its repository's downloader and verifier (index access) */
        Download prepare(String pluginId, String version, String repositoryId) {
            return new Download(pluginId, findReleaseForPlugin(pluginId, version), repositoryId,
                    getFileDownloader(pluginId), getFileVerifier(pluginId));
        }

        /** One release to download and verify; touches no index, so it runs without the catalog's lock. */
        record Download(String pluginId, PluginRelease release, String repositoryId, FileDownloader downloader,
                        FileVerifier verifier) {
            Path run() throws IOException {
                Path downloaded = downloader.downloadFile(new URL(release.url));
                try {
                    verifier.verify(new FileVerifier.Context(pluginId, release), downloaded);
                    return downloaded;
                } catch (IOException | RuntimeException e) {
                    PluginSource.discard(downloaded);
                    throw e;
                }
            }
        }
    }
}
