package dev.sessionkit.host.marketplace;

import dev.sessionkit.host.plugins.HostCompatibility;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.update.DefaultUpdateRepository;
import org.pf4j.update.FileDownloader;
import org.pf4j.update.FileVerifier;
import org.pf4j.update.PluginInfo;
import org.pf4j.update.verifier.BasicVerifier;
import org.pf4j.update.verifier.CompoundVerifier;

/**
 * One plugin repository in the pf4j-update format: a folder or URL holding {@code plugins.json} and the release jars
 * it names (relative URLs resolve against the repository's URL).
 *
 * <p>pf4j-update's {@link DefaultUpdateRepository}, with three changes: downloads must carry a SHA-512 checksum that
 * matches ({@link RequiredChecksum}); HTTP downloads time out and {@code jar:} URLs download too
 * ({@link RepositoryDownloader}); and a repository whose index cannot be read, or lists an entry that is not usable
 * (no id, no releases, a release without a version or URL), says why in {@link #problem()} instead of only logging
 * it. Entries that are not usable are left out.
 *
 * <p>Not thread-safe (pf4j-update's repositories are not): {@link PluginCatalog} serializes its use.
 */
final class PluginRepository extends DefaultUpdateRepository {
    private Map<String, PluginInfo> plugins;
    private String problem;

    /**
     * @param id  the repository id, unique among the host's repositories
     * @param url its URL, ending with {@code /}
     */
    PluginRepository(String id, URL url) {
        super(id, url);
    }

    @Override
    public Map<String, PluginInfo> getPlugins() {
        if (plugins == null) {
            problem = null;
            Map<String, PluginInfo> read;
            try {
                read = super.getPlugins();
            } catch (RuntimeException e) {
                read = Map.of();
                problem = "Its plugins.json is not valid (" + e + ").";
            }
            if (read.isEmpty() && problem == null) {
                problem = probe();
            }
            plugins = Collections.unmodifiableMap(usable(read));
        }
        return plugins;
    }

    @Override
    public void refresh() {
        super.refresh();
        plugins = null;
        problem = null;
    }

    /** @return why the index could not be read or some entries were left out, or null */
    String problem() {
        getPlugins();
        return problem;
    }

    @Override
    public FileDownloader getFileDownloader() {
        return RepositoryDownloader.DEFAULT;
    }

    @Override
    public FileVerifier getFileVerifier() {
        return new CompoundVerifier(List.of(new BasicVerifier(), new RequiredChecksum()));
    }

    private Map<String, PluginInfo> usable(Map<String, PluginInfo> read) {
        Map<String, PluginInfo> usable = new LinkedHashMap<>();
        for (Map.Entry<String, PluginInfo> entry : read.entrySet()) {
            String why = unusable(entry.getValue());
            if (why == null) {
                usable.put(entry.getKey(), entry.getValue());
            } else {
                problem = (problem == null ? "" : problem + " ") + "Entry '" + entry.getKey() + "' was left out: "
                        + why + ".";
            }
        }
        return usable;
    }

    private static String unusable(PluginInfo plugin) {
        if (plugin.id == null || plugin.id.isBlank()) {
            return "it has no id";
        }
        if (plugin.releases == null || plugin.releases.isEmpty()) {
            return "it has no releases";
        }
        for (PluginInfo.PluginRelease release : plugin.releases) {
            if (release.version == null || release.url == null) {
                return "a release has no version or no url";
            }
            try {
                HostCompatibility.compare(release.version, release.version);
            } catch (IllegalArgumentException e) {
                return "release '" + release.version + "' is not a version such as 1.2.0";
            }
        }
        return null;
    }

    /** Says why an empty index came back: pf4j-update only logs a read failure. */
    private String probe() {
        try (InputStream in = new URL(getUrl(), getPluginsJsonFileName()).openStream()) {
            return in.read() < 0 ? "Its plugins.json is empty." : null;
        } catch (IOException e) {
            return "Its plugins.json cannot be read from " + getUrl() + " (" + e + ").";
        }
    }
}
