package dev.sessionkit.host.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.storage.JsonFile;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The marketplace's repositories: the bundled one first, then those of the configured {@code repositories.json}
 * (pf4j-update's format: {@code [{"id": "acme", "url": "https://plugins.example.com/"}]}). A {@code url} is an
 * {@code http:}, {@code https:} or {@code file:} URL, or a folder path (absolute, or relative to the
 * {@code repositories.json} file). Ids are unique, {@value BundledRepository#ID} is reserved.
 *
 * <p>Stateless.
 */
final class RepositoryList {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SCHEME = Pattern.compile("(?i)(https?|file):.*");

    private RepositoryList() {
    }

    /**
     * @param file the configured {@code repositories.json}, or null for none
     * @return the repositories, bundled first
     * @throws IllegalStateException when the file is missing or invalid, saying what to fix
     */
    static List<PluginRepository> read(Path file) {
        List<PluginRepository> repositories = new ArrayList<>();
        BundledRepository.locate().ifPresent(repositories::add);
        if (file == null) {
            return repositories;
        }
        JsonNode list = new JsonFile(Json.newMapper(), file).read().orElseThrow(() -> new IllegalStateException(
                "The plugin repositories file " + file.toAbsolutePath() + " does not exist."));
        if (!list.isArray()) {
            throw invalid(file, "it must be a JSON array of {\"id\", \"url\"} objects");
        }
        Set<String> ids = new HashSet<>(Set.of(BundledRepository.ID));
        for (JsonNode entry : list) {
            String id = entry.path("id").asText("");
            String url = entry.path("url").asText("");
            if (!ID.matcher(id).matches() || !ids.add(id)) {
                throw invalid(file, "repository id '" + id + "' must be 1 to 64 letters, digits, dots, dashes or "
                        + "underscores, unique, and not '" + BundledRepository.ID + "'");
            }
            if (url.isBlank()) {
                throw invalid(file, "repository '" + id + "' needs a url (an http(s) URL or a folder)");
            }
            repositories.add(new PluginRepository(id, toUrl(file, id, url)));
        }
        return repositories;
    }

    private static URL toUrl(Path file, String id, String url) {
        try {
            String text = SCHEME.matcher(url).matches() ? url
                    : file.toAbsolutePath().getParent().resolve(url).normalize().toUri().toString();
            return new URI(text.endsWith("/") ? text : text + "/").toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw invalid(file, "repository '" + id + "' has a url that cannot be read: '" + url + "'");
        }
    }

    private static IllegalStateException invalid(Path file, String why) {
        return new IllegalStateException("The plugin repositories file " + file.toAbsolutePath() + " is not valid: "
                + why + ".");
    }
}
