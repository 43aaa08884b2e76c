package dev.sessionkit.host.marketplace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.host.plugins.HostCompatibility;
import dev.sessionkit.host.plugins.PluginReport;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.update.PluginInfo;
import org.pf4j.update.PluginInfo.PluginRelease;

/**
 * The JSON of {@code GET /api/marketplace}, self-describing for a UI. Every key is always present (null when unset):
 *
 * <pre>
 * {"hostVersion",
 *  "repositories": [{"id", "url", "plugins", "error"}],
 *  "plugins": [{"id", "name", "description", "provider", "projectUrl", "repository",
 *               "releases": [{"version", "date", "requires", "sha512sum", "compatible", "installable", "reason"}],
 *               "latestVersion", "installedVersion", "state", "updateAvailable", "compatible", "reason", "error"}]}
 * </pre>
 * Plugins are sorted by id: every plugin a repository offers, then every installed plugin that none offers
 * ({@code repository} null, no releases). Releases are newest first; {@code date} is {@code yyyy-MM-dd} or null;
 * {@code sha512sum} is the SHA-512 the download must have (hex), or null when the repository gives none.
 * A release is {@code compatible} when its {@code requires} admits this host and {@code installable} when it is also
 * verifiable (it has a {@code sha512sum}); {@code reason} says why not. {@code latestVersion} is the newest compatible
 * release (null when none); {@code state} is {@code NOT_INSTALLED} or the installed plugin's state
 * ({@code STARTED}, {@code DISABLED}, {@code FAILED}...); {@code updateAvailable} is true when {@code latestVersion} is
 * newer than {@code installedVersion}; a plugin is {@code compatible} when some release is, otherwise {@code reason}
 * says why; {@code error} is why an installed plugin is not running.
 *
 * <p>Stateless.
 */
final class MarketplaceJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MarketplaceJson() {
    }

    /**
     * @param catalog   the repositories' offer
     * @param installed the installed plugins (the registry's reports)
     * @return the marketplace's JSON
     */
    static ObjectNode listing(PluginCatalog catalog, List<PluginReport> installed) {
        HostCompatibility compatibility = catalog.compatibility();
        ObjectNode json = NODES.objectNode().put("hostVersion", compatibility.hostVersion());
        ArrayNode repositories = json.putArray("repositories");
        for (RepositoryStatus repository : catalog.repositories()) {
            repositories.addObject().put("id", repository.id()).put("url", repository.url())
                    .put("plugins", repository.plugins()).put("error", repository.problem());
        }
        Map<String, PluginReport> byId = new LinkedHashMap<>();
        installed.stream().filter(report -> report.version() != null).forEach(report -> byId.put(report.id(), report));
        ArrayNode plugins = json.putArray("plugins");
        for (PluginInfo plugin : catalog.plugins()) {
            plugins.add(offered(catalog, plugin, byId.remove(plugin.id)));
        }
        byId.values().stream().sorted((a, b) -> a.id().compareTo(b.id()))
                .forEach(report -> plugins.add(installedOnly(report)));
        return json;
    }

    private static ObjectNode offered(PluginCatalog catalog, PluginInfo plugin, PluginReport installed) {
        HostCompatibility compatibility = catalog.compatibility();
        ObjectNode json = NODES.objectNode().put("id", plugin.id).put("name", plugin.name == null ? plugin.id
                        : plugin.name)
                .put("description", plugin.description).put("provider", plugin.provider)
                .put("projectUrl", plugin.projectUrl).put("repository", plugin.getRepositoryId());
        ArrayNode releases = json.putArray("releases");
        List<PluginRelease> newestFirst = PluginCatalog.newestFirst(plugin);
        for (PluginRelease release : newestFirst) {
            Optional<String> refusal = compatibility.refusal(release.requires);
            boolean verifiable = release.sha512sum != null && !release.sha512sum.isBlank();
            releases.addObject().put("version", release.version)
                    .put("date", release.date == null || release.date.getTime() == 0 ? null
                            : release.date.toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString())
                    .put("requires", release.requires)
                    .put("sha512sum", verifiable ? release.sha512sum : null)
                    .put("compatible", refusal.isEmpty())
                    .put("installable", refusal.isEmpty() && verifiable)
                    .put("reason", refusal.orElse(verifiable ? null : "It has no sha512sum, so its download cannot "
                            + "be verified."));
        }
        Optional<PluginRelease> latest = catalog.newestCompatible(plugin);
        String installedVersion = installed == null ? null : installed.version();
        json.put("latestVersion", latest.map(r -> r.version).orElse(null))
                .put("installedVersion", installedVersion)
                .put("state", installed == null ? "NOT_INSTALLED" : installed.state())
                .put("updateAvailable", installedVersion != null && latest.isPresent()
                        && newer(latest.get().version, installedVersion))
                .put("compatible", latest.isPresent())
                .put("reason", latest.isPresent() ? null
                        : "No release runs on this host. Newest: " + newestFirst.get(0).version + ". "
                        + compatibility.refusal(newestFirst.get(0).requires).orElse(""))
                .put("error", installed == null ? null : installed.error());
        return json;
    }

    private static ObjectNode installedOnly(PluginReport report) {
        ObjectNode json = NODES.objectNode().put("id", report.id()).put("name", report.name())
                .put("description", report.description()).putNull("provider").putNull("projectUrl")
                .putNull("repository");
        json.putArray("releases");
        return json.putNull("latestVersion").put("installedVersion", report.version()).put("state", report.state())
                .put("updateAvailable", false).put("compatible", true).putNull("reason")
                .put("error", report.error());
    }

    private static boolean newer(String candidate, String installed) {
        try {
            return HostCompatibility.compare(candidate, installed) > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
