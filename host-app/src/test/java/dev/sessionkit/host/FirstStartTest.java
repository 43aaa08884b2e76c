package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.fileNames;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.error.InvalidInputException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstStartTest {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Pattern BANNER_PASSWORD = Pattern.compile("password: (\\S+)");

    @TempDir
    Path dataDir;

    @Test
    void aGeneratedAdminPasswordIsPrintedOnceAndStoredOwnerOnly() throws Exception {
        String password;
        try (TestHost host = TestHost.start(dataDir, config -> config.initialAdminPassword = null)) {
            Matcher banner = BANNER_PASSWORD.matcher(host.console());
            assertTrue(banner.find(), host.console());
            password = banner.group(1);
            assertTrue(password.length() >= 24, password);
            Path stored = dataDir.resolve("secrets/initial-admin-password");
            assertEquals(password, Files.readString(stored).trim());
            assertPermissions("rw-------", stored);
            assertPermissions("rwx------", dataDir.resolve("secrets"));
            assertEquals(200, host.post("/api/auth/login",
                    "{\"username\":\"admin\",\"password\":\"" + password + "\"}", null).code());

            TestHost again = host.restart();
            try {
                assertFalse(again.console().contains("password"), again.console());
                assertEquals(password, Files.readString(stored).trim());
                assertEquals(200, again.post("/api/auth/login",
                        "{\"username\":\"admin\",\"password\":\"" + password + "\"}", null).code());
            } finally {
                again.close();
            }
        }
    }

    @Test
    void theFirstStartCreatesAdminKeyDefaultAppAndInstallsTheBundledPlugin() throws Exception {
        try (TestHost host = TestHost.start(dataDir)) {
            assertEquals("", host.console());
            assertFalse(Files.exists(dataDir.resolve("secrets/initial-admin-password")));
            String admin = host.adminToken();
            assertEquals("admin", json(host.get("/api/auth/me", admin)).path("roleId").asText());

            Path key = dataDir.resolve("secrets/jwt-hs256.key");
            assertEquals(32, Base64.getDecoder().decode(Files.readString(key).trim()).length);
            assertPermissions("rw-------", key);
            assertPermissions("rw-------", dataDir.resolve("users.json"));

            assertEquals("Default", json(expect(200, host.get("/api/apps/default", admin))).path("name").asText());
            assertEquals(List.of("installed.json", "session-plugin-0.1.0.jar"), fileNames(dataDir.resolve("plugins")));
            JsonNode installed = TestHost.jsonFile(dataDir.resolve("plugins/installed.json"))
                    .path("plugins").path("session-plugin");
            assertEquals("bundled", installed.path("repository").asText(), "installed from the bundled repository");
            assertEquals("0.1.0", installed.path("version").asText());
            host.requireSessionPlugin();
        }
    }

    @Test
    void laterStartsIgnoreTheAdminPasswordAndKeepADeletedDefaultAppDeleted() throws Exception {
        try (TestHost host = TestHost.start(dataDir)) {
            expect(204, host.delete("/api/apps/default", host.adminToken()));
        }
        try (TestHost host = TestHost.start(dataDir, config -> config.initialAdminPassword = "another password 123")) {
            assertError(401, "INVALID_CREDENTIALS", host.post("/api/auth/login",
                    "{\"username\":\"admin\",\"password\":\"another password 123\"}", null));
            assertEquals(404, host.get("/api/apps/default", host.adminToken()).code());
        }
    }

    @Test
    void aTooShortAdminPasswordStopsTheStartAndReleasesTheDataDirectory() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> TestHost.start(dataDir, config -> config.initialAdminPassword = "short"));
        assertEquals("PASSWORD_TOO_SHORT", error.code());
        try (TestHost host = TestHost.start(dataDir)) {
            assertEquals(200, host.get("/health", null).code());
        }
    }

    @Test
    void oneDataDirectoryServesOneHostAtATime() {
        try (TestHost host = TestHost.start(dataDir)) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> TestHost.start(dataDir));
            assertTrue(error.getMessage().startsWith("Another Sessionkit host is using the data directory"),
                    error.getMessage());
            assertEquals(200, host.get("/health", null).code());
        }
    }

    private static void assertPermissions(String expected, Path file) throws Exception {
        if (POSIX) {
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

}
