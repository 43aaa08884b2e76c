package dev.sessionkit.host.marketplace;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A started test host whose marketplace offers the {@link FixtureRepository#standard} fixtures (after the bundled).
 * Public for the browser tests ({@code host.ui}), which give their host the same repository.
 */
public final class MarketplaceHost {
    private MarketplaceHost() {
    }

    /**
     * @param root an empty folder for the repository and the data directory
     * @return a started host over {@code root/data}
     */
    static TestHost start(Path root) {
        Path repositories = standardRepositories(root);
        return TestHost.start(root.resolve("data"), config -> config.pluginRepositories = repositories);
    }

    /**
     * Builds the {@link FixtureRepository#standard} fixtures in {@code root/repository}.
     *
     * @param root a folder
     * @return a {@code repositories.json} naming them, for {@code HostConfig.pluginRepositories}
     */
    public static Path standardRepositories(Path root) {
        try {
            Path repository = Files.createDirectories(root.resolve("repository"));
            return FixtureRepository.standard(repository).repositoriesFile(root.resolve("repositories.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param host a host @param id a plugin id @return its entry in GET /api/plugins, if any */
    public static Optional<JsonNode> plugin(TestHost host, String id) {
        for (JsonNode plugin : json(expect(200, host.get("/api/plugins", host.adminToken())))) {
            if (plugin.path("id").asText().equals(id)) {
                return Optional.of(plugin);
            }
        }
        return Optional.empty();
    }

    /** @param host a host @param id a plugin id @return its entry in GET /api/marketplace */
    static JsonNode offer(TestHost host, String id) {
        for (JsonNode plugin : json(expect(200, host.get("/api/marketplace", host.adminToken()))).path("plugins")) {
            if (plugin.path("id").asText().equals(id)) {
                return plugin;
            }
        }
        throw new AssertionError("the marketplace does not list " + id);
    }

    /** @param plugin an entry of GET /api/plugins @return its method ids, sorted */
    static List<String> methods(JsonNode plugin) {
        List<String> ids = new ArrayList<>();
        plugin.path("methods").forEach(method -> ids.add(method.path("id").asText()));
        ids.sort(null);
        return ids;
    }

    /** @param host a host @return the plugin jars in its plugins directory, sorted */
    static List<String> jars(TestHost host) {
        return TestHost.fileNames(host.dataDir().resolve("plugins")).stream().filter(n -> n.endsWith(".jar")).toList();
    }
}
