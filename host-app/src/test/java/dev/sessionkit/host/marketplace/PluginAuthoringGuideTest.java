package dev.sessionkit.host.marketplace;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/plugin-authoring.md, done for real: its code is the example in {@code com.example.greeting} (compiled and unit
 * tested by this build), its pom's manifest goes into a jar of those classes, the indexer publishes it in a folder
 * repository, and a running host installs it from the marketplace and calls its method.
 */
class PluginAuthoringGuideTest {
    private static final Path GUIDE = Path.of("../docs/plugin-authoring.md");
    private static final Path SOURCES = Path.of("src/test/java/com/example/greeting");
    private static final Path CLASSES = Path.of("target/test-classes");

    @TempDir
    Path root;

    @Test
    void theGuideShowsTheExampleCodeThatThisBuildCompilesAndTests() throws IOException {
        Matcher blocks = Pattern.compile("`src/(?:main|test)/java/com/example/greeting/(\\w+\\.java)`:\\n\\n```java\\n"
                + "(.*?)```", Pattern.DOTALL).matcher(guide());
        int found = 0;
        while (blocks.find()) {
            assertEquals(Files.readString(SOURCES.resolve(blocks.group(1))), blocks.group(2),
                    "docs/plugin-authoring.md must show " + blocks.group(1) + " exactly as in " + SOURCES);
            found++;
        }
        assertEquals(2, found, "the guide shows the plugin and its test");
    }

    @Test
    void thePluginTheGuideBuildsIsPublishedInstalledAndCalled() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        Map<String, String> manifest = manifestOfTheGuidesPom();
        assertEquals("greeting-plugin", manifest.get("Plugin-Id"));
        buildJar(repository.resolve("greeting-plugin-" + manifest.get("Plugin-Version") + ".jar"), manifest);
        RepositoryIndexer.main(new String[] {repository.toString()});

        Files.writeString(root.resolve("repositories.json"), "[{\"id\": \"example\", \"url\": \"repository\"}]");
        try (TestHost host = TestHost.start(root.resolve("data"),
                config -> config.pluginRepositories = root.resolve("repositories.json"))) {
            String admin = host.adminToken();
            JsonNode offer = MarketplaceHost.offer(host, "greeting-plugin");
            assertEquals("Greeting", offer.path("name").asText());
            assertEquals("Example", offer.path("provider").asText());
            assertEquals("NOT_INSTALLED", offer.path("state").asText());
            assertTrue(offer.path("releases").get(0).path("installable").asBoolean(), offer.toString());

            JsonNode installed = json(expect(200, host.post("/api/marketplace/greeting-plugin/install", "", admin)));
            assertEquals("STARTED", installed.path("state").asText(), installed.toString());
            assertEquals(List.of("greeting.greet"), MarketplaceHost.methods(installed));
            assertEquals("Hello, Ada!", json(expect(200, host.call("default", "greeting.greet",
                    "{\"inputs\": {\"name\": \"Ada\"}}", admin))).path("output").asText());
            assertEquals("Hello, admin!", json(expect(200, host.call("default", "greeting.greet",
                    "{\"inputs\": {}}", admin))).path("output").asText());
        }
    }

    private static String guide() throws IOException {
        return Files.readString(GUIDE);
    }

    /** The manifestEntries of the guide's pom, with ${project.version} and XML escapes resolved. */
    private static Map<String, String> manifestOfTheGuidesPom() throws IOException {
        String guide = guide();
        Matcher version = Pattern.compile("<artifactId>greeting-plugin</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(guide);
        assertTrue(version.find(), "the guide's pom names its version");
        Matcher entries = Pattern.compile("<(Plugin-[A-Za-z]+)>([^<]*)</\\1>").matcher(guide);
        Map<String, String> manifest = new LinkedHashMap<>();
        while (entries.find()) {
            manifest.put(entries.group(1), entries.group(2).replace("${project.version}", version.group(1))
                    .replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&"));
        }
        return manifest;
    }

    /**
     * The jar that the guide's pom builds: the example's compiled classes (not its test), PF4J's extension index as
     * the annotation processor wrote it for them, and the manifest.
     */
    private static void buildJar(Path jar, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        entries.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        List<String> index = Files.readAllLines(CLASSES.resolve("META-INF/extensions.idx")).stream()
                .filter(line -> line.startsWith("com.example.greeting.")).toList();
        assertFalse(index.isEmpty(), "PF4J's annotation processor indexed the @Extension");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> classes = Files.list(CLASSES.resolve("com/example/greeting"))) {
            for (Path file : classes.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.startsWith("GreetingPluginTest")) {
                    out.putNextEntry(new JarEntry("com/example/greeting/" + name));
                    Files.copy(file, out);
                }
            }
            out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            OutputStream body = out;
            body.write((String.join("\n", index) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
