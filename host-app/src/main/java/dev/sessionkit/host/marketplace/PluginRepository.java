package dev.sessionkit.host.marketplace;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.sessionkit.host.plugins.HostCompatibility;
import dev.sessionkit.host.plugins.PluginSource;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.pf4j.update.DefaultUpdateRepository;
import org.pf4j.update.FileDownloader;
import org.pf4j.update.FileVerifier;
import org.pf4j.update.PluginInfo;
import org.pf4j.update.util.LenientDateTypeAdapter;
import org.pf4j.update.verifier.BasicVerifier;
import org.pf4j.update.verifier.CompoundVerifier;

/**
 * One plugin repository in the pf4j-update format: a folder or URL holding {@code plugins.json} and the release jars
 * it names (relative URLs resolve against the repository's URL).
 *
 * <p>pf4j-update's {@link DefaultUpdateRepository}, with three changes: downloads must carry a SHA-512 checksum that
 * matches ({@link RequiredChecksum}); the index and the jars are fetched by a {@link RepositoryDownloader}, so HTTP
 * reads time out (pf4j-update reads the index with {@code URL.openStream()}, which waits forever on a stalled server)
 * and {@code jar:} URLs work too; and a repository whose index cannot be read, or lists an entry that is not usable
 * (no id, no releases, a release without a version or URL), says why in {@link #problem()} instead of only logging
 * it. Entries that are not usable are left out, and so are releases whose version is not a plain semantic version
 * ({@code 1.0.0/../../x} would become part of a file name): the entry stays with its other releases, if any. A plugin
 * id must be letters, digits, dots, dashes and underscores, as a plugin jar's {@code Plugin-Id}.
 *
 * <p>Not thread-safe (pf4j-update's repositories are not): {@link PluginCatalog} serializes its use.
 */
final class PluginRepository extends DefaultUpdateRepository {
    /** What a plugin id or version may hold: the same rule as a jar's manifest ({@code PluginArchive}). */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final RepositoryDownloader downloader;
    private Map<String, PluginInfo> plugins;
    private String problem;

    /**
     * @param id  the repository id, unique among the host's repositories
     * @param url its URL, ending with {@code /}
     */
    PluginRepository(String id, URL url) {
        this(id, url, RepositoryDownloader.DEFAULT);
    }

    /**
     * @param id         the repository id, unique among the host's repositories
     * @param url        its URL, ending with {@code /}
     * @param downloader fetches the index and the jars
     */
    PluginRepository(String id, URL url, RepositoryDownloader downloader) {
        super(id, url);
        this.downloader = downloader;
    }

    @Override
    public Map<String, PluginInfo> getPlugins() {
        if (plugins == null) {
            problem = null;
            plugins = Collections.unmodifiableMap(usable(read()));
        }
        return plugins;
    }

    @Override
    public void refresh() {
        super.refresh();
        plugins = null;
        problem = null;
    }

    /**
     * Reads {@code plugins.json}: a {@code file:} index in place, any other through the downloader (timeouts, size
     * limit) into memory. Sets {@link #problem} when it cannot be read or parsed; never throws.
     */
    private Map<String, PluginInfo> read() {
        byte[] json;
        try {
            json = fetch(new URL(getUrl(), getPluginsJsonFileName()));
        } catch (IOException | RuntimeException e) {
            problem = "Its plugins.json cannot be read from " + getUrl() + " (" + e.getMessage() + ").";
            return Map.of();
        }
        if (json.length == 0) {
            problem = "Its plugins.json is empty.";
            return Map.of();
        }
        try {
            return parse(json);
        } catch (RuntimeException e) {
            problem = "Its plugins.json is not valid (" + e + ").";
            return Map.of();
        }
    }

    private byte[] fetch(URL index) throws IOException {
        if ("file".equals(index.getProtocol())) {
            try {
                return Files.readAllBytes(Path.of(index.toURI()));
            } catch (URISyntaxException e) {
                throw new IOException("not a valid file URL: " + index, e);
            }
        }
        Path copy = downloader.downloadFile(index);
        try {
            return Files.readAllBytes(copy);
        } finally {
            PluginSource.discard(copy);
        }
    }

    /**
     * Parses an index as pf4j-update's {@code DefaultUpdateRepository} does (its {@link PluginInfo} model and lenient
     * dates; release URLs resolved against this repository's URL), but from bytes already read: pf4j-update reads the
     * index itself with {@code URL.openStream()}, without a timeout, and never closes it.
     */
    private Map<String, PluginInfo> parse(byte[] json) {
        Gson gson = new GsonBuilder().registerTypeAdapter(Date.class, new LenientDateTypeAdapter()).create();
        PluginInfo[] items = gson.fromJson(new String(json, StandardCharsets.UTF_8), PluginInfo[].class);
        if (items == null) throw new IllegalArgumentException("it holds null, not an array of plugins");
        Map<String, PluginInfo> read = new LinkedHashMap<>();
        for (PluginInfo plugin : items) {
            if (plugin == null) throw new IllegalArgumentException("it lists null instead of a plugin");
            for (PluginInfo.PluginRelease release : plugin.releases == null ? List.<PluginInfo.PluginRelease>of()
                    : plugin.releases) {
                if (release != null && release.url != null) {
                    try {
                        release.url = new URL(getUrl(), release.url).toString();
                    } catch (MalformedURLException e) {
                        throw new IllegalArgumentException("release " + release.version + " of '" + plugin.id
                                + "' has a url that is not valid: " + release.url, e);
                    }
                }
            }
            plugin.setRepositoryId(getId());
            read.put(plugin.id, plugin);
        }
        return read;
    }

    /** @return why the index could not be read or some entries were left out, or null */
    String problem() {
        getPlugins();
        return problem;
    }

    @Override
    public FileDownloader getFileDownloader() {
        return downloader;
    }

    @Override
    public FileVerifier getFileVerifier() {
        return new CompoundVerifier(List.of(new BasicVerifier(), new RequiredChecksum()));
    }

    private Map<String, PluginInfo> usable(Map<String, PluginInfo> read) {
        Map<String, PluginInfo> usable = new LinkedHashMap<>();
        for (Map.Entry<String, PluginInfo> entry : read.entrySet()) {
            PluginInfo plugin = entry.getValue();
            String why = unusable(plugin);
            if (why == null) {
                List<String> refused = refuseBadReleases(plugin);
                if (!refused.isEmpty()) {
                    report("Entry '" + entry.getKey() + "': " + String.join("; ", refused) + ", so "
                            + (plugin.releases.isEmpty() ? "the entry was left out." : "the release was left out."));
                }
                if (!plugin.releases.isEmpty()) usable.put(entry.getKey(), plugin);
            } else {
                report("Entry '" + shown(entry.getKey()) + "' was left out: " + why + ".");
            }
        }
        return usable;
    }

    private void report(String text) {
        problem = (problem == null ? "" : problem + " ") + text;
    }

    private static String unusable(PluginInfo plugin) {
        if (plugin.id == null || plugin.id.isBlank()) {
            return "it has no id";
        }
        if (!SAFE_NAME.matcher(plugin.id).matches()) {
            return "its id is not 1 to 128 letters, digits, dots, dashes and underscores";
        }
        if (plugin.releases == null || plugin.releases.isEmpty()) {
            return "it has no releases";
        }
        for (PluginInfo.PluginRelease release : plugin.releases) {
            if (release == null || release.version == null || release.url == null) {
                return "a release has no version or no url";
            }
        }
        return null;
    }

    /** Removes the releases whose version is not a plain semantic version. @return why, for each one removed */
    private static List<String> refuseBadReleases(PluginInfo plugin) {
        List<String> refused = new ArrayList<>();
        List<PluginInfo.PluginRelease> kept = new ArrayList<>();
        for (PluginInfo.PluginRelease release : plugin.releases) {
            if (isVersion(release.version)) {
                kept.add(release);
            } else {
                refused.add("release '" + shown(release.version) + "' is not a version such as 1.2.0");
            }
        }
        plugin.releases = kept;
        return refused;
    }

    private static boolean isVersion(String version) {
        if (!SAFE_NAME.matcher(version).matches()) return false; // no slash, backslash or colon: it names a file
        try {
            HostCompatibility.compare(version, version);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String shown(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

}
