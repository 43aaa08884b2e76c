package dev.sessionkit.host.marketplace;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.host.SessionkitHost;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.json.Json;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repositories that cannot be read are reported in the listing, and the others keep working. */
class MarketplaceRepositoriesTest {
    @TempDir
    Path root;

    @Test
    void unreadableRepositoriesAndDownloadsAreReportedWhileTheOthersWork() throws Exception {
        FixtureRepository.standard(Files.createDirectories(root.resolve("fixtures")));
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(Files.createDirectories(root.resolve("garbage")).resolve("plugins.json"), "{ not json");
        Files.writeString(Files.createDirectories(root.resolve("dangling")).resolve("plugins.json"), """
                [{"id": "ghost-plugin", "releases": [{"version": "1.0.0", "date": "2026-01-15", "requires": "",
                  "url": "ghost-plugin-1.0.0.jar", "sha512sum": "%s"}]},
                 {"id": "nameless-plugin", "releases": [{"version": "one", "date": "2026-01-15",
                  "url": "x.jar", "sha512sum": "00"}]}]""".formatted("0".repeat(128)));
        Path repositories = Files.writeString(root.resolve("repositories.json"), """
                [{"id": "fixtures", "url": "fixtures"}, {"id": "empty", "url": "empty"},
                 {"id": "garbage", "url": "garbage"}, {"id": "dangling", "url": "dangling"}]""");

        try (TestHost host = TestHost.start(root.resolve("data"), config -> config.pluginRepositories = repositories)) {
            String admin = host.adminToken();
            JsonNode listing = json(expect(200, host.get("/api/marketplace", admin)));
            Map<String, JsonNode> byId = new HashMap<>();
            listing.path("repositories").forEach(r -> byId.put(r.path("id").asText(), r));
            assertTrue(byId.get("fixtures").path("error").isNull());
            assertTrue(byId.get("empty").path("error").asText().contains("cannot be read"), listing.toString());
            assertTrue(byId.get("garbage").path("error").asText().contains("not valid"), listing.toString());
            assertTrue(byId.get("dangling").path("error").asText().contains("nameless-plugin"), listing.toString());
            assertEquals(1, byId.get("dangling").path("plugins").asInt(), "the usable entry is still offered");
            assertEquals("NOT_INSTALLED", MarketplaceHost.offer(host, "hello-plugin").path("state").asText());

            assertError(422, "DOWNLOAD_FAILED", host.post("/api/marketplace/ghost-plugin/install", "", admin));
            assertTrue(MarketplaceHost.plugin(host, "ghost-plugin").isEmpty());
            expect(200, host.post("/api/marketplace/hello-plugin/install", "", admin));
        }
    }

    @Test
    void aRepositoryServedOverHttpIsListedAndInstalledFrom() throws Exception {
        Path folder = Files.createDirectories(root.resolve("served"));
        FixtureRepository.standard(folder);
        Javalin server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.staticFiles.add(folder.toString(), Location.EXTERNAL);
        }).start("127.0.0.1", 0);
        try {
            Path repositories = Files.writeString(root.resolve("repositories.json"),
                    "[{\"id\": \"web\", \"url\": \"http://127.0.0.1:" + server.port() + "/\"}]");
            try (TestHost host = TestHost.start(root.resolve("data"),
                    config -> config.pluginRepositories = repositories)) {
                String admin = host.adminToken();
                assertEquals("web", MarketplaceHost.offer(host, "hello-plugin").path("repository").asText());
                expect(200, host.post("/api/marketplace/hello-plugin/install", "{\"version\": \"1.0.0\"}", admin));
                expect(200, host.post("/api/plugins/hello-plugin/update", "", admin));
                assertEquals("2.0.0", MarketplaceHost.plugin(host, "hello-plugin").orElseThrow().path("version")
                        .asText());
                assertError(422, "CHECKSUM_MISMATCH", host.post("/api/marketplace/tampered-plugin/install", "",
                        admin));
            }
        } finally {
            server.stop();
        }
    }

    /**
     * pf4j-update reads a {@code repositories.json} of the working directory by itself on every refresh: started
     * where its repositories file is (the documented way), the host lost the bundled repository and answered 500
     * for folder urls. The test writes that file where the tests run, so it is skipped when one is already there.
     */
    @Test
    void folderRepositoriesWorkWhenTheRepositoriesFileIsInTheWorkingDirectory() throws Exception {
        Path inWorkingDirectory = Path.of("repositories.json").toAbsolutePath();
        Assumptions.assumeFalse(Files.exists(inWorkingDirectory), "a repositories.json is already there");
        FixtureRepository.standard(Files.createDirectories(root.resolve("absolute")));
        FixtureRepository.standard(Files.createDirectories(root.resolve("relative")));
        String relative = inWorkingDirectory.getParent().relativize(root.resolve("relative")).toString();
        Files.writeString(inWorkingDirectory, "[{\"id\": \"absolute\", \"url\": " + TestHost.quote(
                root.resolve("absolute").toString()) + "}, {\"id\": \"relative\", \"url\": "
                + TestHost.quote(relative) + "}]");
        try (TestHost host = TestHost.start(root.resolve("data"),
                config -> config.pluginRepositories = Path.of("repositories.json"))) {
            String admin = host.adminToken();
            JsonNode listing = json(expect(200, host.get("/api/marketplace", admin)));
            assertEquals(List.of("bundled", "absolute", "relative"),
                    TestHost.texts(listing.path("repositories"), "id"));
            listing.path("repositories").forEach(r -> assertTrue(r.path("error").isNull(), r.toString()));
            assertEquals("relative", MarketplaceHost.offer(host, "hello-plugin").path("repository").asText());
            expect(200, host.post("/api/marketplace/hello-plugin/install", "", admin));
            assertError(422, "CHECKSUM_MISMATCH", host.post("/api/marketplace/tampered-plugin/install", "", admin));
        } finally {
            Files.delete(inWorkingDirectory);
        }
    }

    @Test
    void aReleaseOrAnIdWithPathCharactersIsLeftOutWhenTheIndexIsRead() throws Exception {
        Path folder = Files.createDirectories(root.resolve("repository"));
        FixtureRepository fixtures = FixtureRepository.standard(folder);
        ObjectMapper mapper = Json.newMapper();
        ArrayNode index = (ArrayNode) mapper.readTree(folder.resolve("plugins.json").toFile());
        for (JsonNode plugin : index) {
            if (plugin.path("id").asText().equals("hello-plugin")) {
                ObjectNode bad = ((ObjectNode) plugin.path("releases").get(0)).deepCopy();
                ((ArrayNode) plugin.path("releases")).add(bad.put("version", "1.0.0/../../x"));
            }
        }
        ObjectNode evil = index.addObject().put("id", "../evil");
        evil.putArray("releases").add(((ObjectNode) index.get(0).path("releases").get(0)).deepCopy());
        Files.write(folder.resolve("plugins.json"), mapper.writeValueAsBytes(index));
        Path repositories = fixtures.repositoriesFile(root.resolve("repositories.json"));

        try (TestHost host = TestHost.start(root.resolve("data"), config -> config.pluginRepositories = repositories)) {
            String admin = host.adminToken();
            JsonNode listing = json(expect(200, host.get("/api/marketplace", admin)));
            String error = listing.path("repositories").get(1).path("error").asText();
            assertTrue(error.contains("release '1.0.0/../../x' is not a version") && error.contains("'../evil'"),
                    error);
            assertEquals(List.of("2.0.0", "1.0.0"), TestHost.texts(MarketplaceHost.offer(host, "hello-plugin")
                    .path("releases"), "version"));
            assertTrue(TestHost.texts(listing.path("plugins"), "id").stream().noneMatch(id -> id.contains("evil")));

            assertError(400, "INVALID_VERSION", host.post("/api/marketplace/hello-plugin/install",
                    "{\"version\": \"1.0.0/../../x\"}", admin));
            expect(200, host.post("/api/marketplace/hello-plugin/install", "{\"version\": \"1.0.0\"}", admin));
            assertTrue(TestHost.fileNames(root.resolve("data/plugins")).contains("hello-plugin-1.0.0.jar"));
        }
    }

    @Test
    void aMissingRepositoriesFileStopsTheStartSayingSo() {
        Path missing = root.resolve("no-such-repositories.json");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SessionkitHost.create(config -> {
            config.dataDir = root.resolve("data");
            config.port = 0;
            config.bindAddress = "127.0.0.1";
            config.bcryptCost = 4;
            config.initialAdminPassword = TestHost.ADMIN_PASSWORD;
            config.pluginRepositories = missing;
        }).start());
        assertTrue(e.getMessage().contains("no-such-repositories.json") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }
}
