package dev.sessionkit.host.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.plugins.HostCompatibility;
import dev.sessionkit.host.plugins.PluginArchive;
import dev.sessionkit.host.storage.JsonFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a plugin repository's index, {@code plugins.json} in the pf4j-update format, for the plugin jars of one
 * folder: one entry per plugin id (name, description and provider from the newest release's manifest) with one
 * release per jar ({@code version}, {@code date}, {@code requires}, {@code url} = the jar's file name, and
 * {@code sha512sum} = the SHA-512 of the jar, in hex).
 *
 * <p>The Maven build runs it over the bundled repository; plugin authors run it over the folder they publish:
 * <pre>
 * java -cp sessionkit.jar dev.sessionkit.host.marketplace.RepositoryIndexer path/to/repository
 * </pre>
 * The index lists exactly the jars in the folder. A release already in the folder's {@code plugins.json} with the same
 * checksum keeps its date; new ones get today's date (UTC). A jar that is not a valid plugin (unsafe entry paths, no
 * {@code Plugin-Id}/{@code Plugin-Version}) stops the run with its reason, so a broken repository is never published.
 *
 * <p>Stateless; thread-safe.
 */
public final class RepositoryIndexer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper = Json.newMapper();

    /**
     * @param args the repository folder
     * @throws IOException when a jar or the index cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("Usage: java -cp sessionkit.jar " + RepositoryIndexer.class.getName() + " FOLDER");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        ArrayNode index = new RepositoryIndexer().index(folder, LocalDate.now(ZoneOffset.UTC));
        System.out.println("Wrote " + folder.resolve("plugins.json") + " with " + index.size() + " plugin(s).");
    }

    /**
     * Indexes a folder and writes its {@code plugins.json}.
     *
     * @param folder the repository folder, holding plugin jars
     * @param today  the date of releases not indexed before
     * @return the index written
     * @throws IllegalArgumentException when the folder does not exist or a jar is not a valid plugin
     * @throws UncheckedIOException     when a file cannot be read or written
     */
    public ArrayNode index(Path folder, LocalDate today) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder.");
        }
        JsonFile indexFile = new JsonFile(mapper, folder.resolve("plugins.json"));
        Map<String, String> knownDates = knownDates(indexFile);
        Map<String, List<IndexedJar>> byId = new TreeMap<>();
        for (Path jar : PluginArchive.jarsIn(folder)) {
            PluginArchive archive;
            try {
                archive = PluginArchive.inspect(jar);
            } catch (SessionkitException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            byId.computeIfAbsent(archive.id(), id -> new ArrayList<>())
                    .add(new IndexedJar(archive, jar.getFileName().toString(), sha512(jar)));
        }
        ArrayNode index = NODES.arrayNode();
        byId.forEach((id, jars) -> {
            jars.sort((a, b) -> HostCompatibility.compare(a.archive().version(), b.archive().version()));
            PluginArchive newest = jars.get(jars.size() - 1).archive();
            ObjectNode plugin = index.addObject().put("id", id).put("name", newest.name())
                    .put("description", newest.description()).put("provider", newest.provider());
            ArrayNode releases = plugin.putArray("releases");
            for (IndexedJar jar : jars) {
                String version = jar.archive().version();
                releases.addObject().put("version", version)
                        .put("date", knownDates.getOrDefault(id + "@" + version + "#" + jar.sha512sum(),
                                today.toString()))
                        .put("requires", jar.archive().requires())
                        .put("url", jar.file())
                        .put("sha512sum", jar.sha512sum());
            }
        });
        indexFile.write(index);
        return index;
    }

    /**
     * @param jar a file
     * @return its SHA-512 in lower-case hex, as {@code sha512sum} in {@code plugins.json} holds it
     */
    public static String sha512(Path jar) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(jar), MessageDigest.getInstance("SHA-512"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-512", e);
        }
    }

    /** One jar of the folder: its manifest, file name and checksum. */
    private record IndexedJar(PluginArchive archive, String file, String sha512sum) {
    }

    private static Map<String, String> knownDates(JsonFile indexFile) {
        Map<String, String> dates = new TreeMap<>();
        JsonNode existing = indexFile.read().orElse(NODES.arrayNode());
        for (JsonNode plugin : existing) {
            for (JsonNode release : plugin.path("releases")) {
                dates.put(plugin.path("id").asText() + "@" + release.path("version").asText() + "#"
                        + release.path("sha512sum").asText(), release.path("date").asText());
            }
        }
        return dates;
    }
}
