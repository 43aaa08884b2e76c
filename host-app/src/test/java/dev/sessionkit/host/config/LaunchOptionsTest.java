package dev.sessionkit.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.host.HostConfig;
import dev.sessionkit.host.auth.FailureLimit;
import dev.sessionkit.host.auth.SignInLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchOptionsTest {
    @TempDir
    Path dir;

    private static HostConfig resolve(Map<String, String> environment, String... args) throws UsageException {
        HostConfig config = new HostConfig();
        LaunchOptions.parse(args, environment).applyTo(config);
        return config;
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("sessionkit.properties"), content);
    }

    @Test
    void withNothingGivenTheDefaultsApply() throws Exception {
        HostConfig config = resolve(Map.of());
        assertEquals(7070, config.port);
        assertEquals(Path.of("data"), config.dataDir);
        assertEquals(Duration.ofMinutes(30), config.globalIdleTimeout);
        assertEquals(Duration.ofHours(8), config.jwtLifetime);
        assertEquals(1024 * 1024, config.maxRequestSize);
        assertEquals(SessionLimits.DEFAULTS, config.sessionLimits);
        assertNull(config.initialAdminPassword);
    }

    @Test
    void commandLineBeatsEnvironmentWhichBeatsTheFile() throws Exception {
        Path file = file("port=7001\ndata-dir=/from/file\nglobal-idle-timeout=5m\n");
        Map<String, String> environment = Map.of("SESSIONKIT_PORT", "7002", "SESSIONKIT_DATA_DIR", "/from/env");

        HostConfig all = resolve(environment, "--config", file.toString(), "--port", "7003");
        assertEquals(7003, all.port);
        assertEquals(Path.of("/from/env"), all.dataDir);
        assertEquals(Duration.ofMinutes(5), all.globalIdleTimeout);

        HostConfig fileOnly = resolve(Map.of("SESSIONKIT_CONFIG", file.toString()));
        assertEquals(7001, fileOnly.port);
        assertEquals(Path.of("/from/file"), fileOnly.dataDir);
    }

    @Test
    void everySettingParsesItsUnits() throws Exception {
        HostConfig config = resolve(Map.of("SESSIONKIT_ADMIN_PASSWORD", "from-the-environment"),
                "--jwt-lifetime=90m", "--max-request-size", "2MB", "--session-max-value-size", "1KB",
                "--session-max-total-size", "1GB", "--session-max-parameters", "50", "--bind-address", "127.0.0.1",
                "--password-min-length", "10", "--bcrypt-cost", "10", "--shutdown-timeout", "PT5S",
                "--jwt-issuer", "acme");
        assertEquals(Duration.ofMinutes(90), config.jwtLifetime);
        assertEquals(2L << 20, config.maxRequestSize);
        assertEquals(new SessionLimits(50, 1024, 1L << 30), config.sessionLimits);
        assertEquals("127.0.0.1", config.bindAddress);
        assertEquals(10, config.passwordMinLength);
        assertEquals(10, config.bcryptCost);
        assertEquals(Duration.ofSeconds(5), config.shutdownTimeout);
        assertEquals("acme", config.jwtIssuer);
        assertEquals("from-the-environment", config.initialAdminPassword);
    }

    @Test
    void signInLimitsAndTrustedProxiesParse() throws Exception {
        HostConfig config = resolve(Map.of("SESSIONKIT_SIGN_IN_FAILURES_PER_USERNAME", "50/1h"),
                "--sign-in-failures-per-address", "100/10m", "--sign-in-failures-per-username-and-address=3/5m",
                "--sign-in-remember-address", "7d", "--trusted-proxies", "10.0.0.7, 172.16.0.0/12,::1");
        assertEquals(new SignInLimits(new FailureLimit(100, Duration.ofMinutes(10)),
                new FailureLimit(3, Duration.ofMinutes(5)), new FailureLimit(50, Duration.ofHours(1)),
                Duration.ofDays(7)), config.signInLimits);
        assertEquals(List.of("10.0.0.7", "172.16.0.0/12", "::1"), config.trustedProxies);
        assertEquals(SignInLimits.DEFAULTS, resolve(Map.of()).signInLimits);
        assertEquals(List.of(), resolve(Map.of()).trustedProxies);

        assertMessage("Invalid value '5' for --sign-in-failures-per-address: not a failure limit",
                "--sign-in-failures-per-address", "5");
        assertMessage("Invalid value '0/5m' for --sign-in-failures-per-address: must be between 1 and 1000000",
                "--sign-in-failures-per-address", "0/5m");
        assertMessage("Invalid value 'proxy.internal' for --trusted-proxies: 'proxy.internal' is not an IP address",
                "--trusted-proxies", "proxy.internal");
        assertMessage("Invalid value '10.0.0.0/33' for --trusted-proxies: '10.0.0.0/33' has a prefix length",
                "--trusted-proxies", "10.0.0.0/33");
        assertTrue(LaunchOptions.help().contains("default 20/10m"), LaunchOptions.help());
    }

    @Test
    void emptyEnvironmentVariablesCountAsUnset() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("SESSIONKIT_PORT", "");
        environment.put("SESSIONKIT_ADMIN_PASSWORD", "");
        HostConfig config = resolve(environment);
        assertEquals(7070, config.port);
        assertNull(config.initialAdminPassword);
    }

    @Test
    void mistakesNameTheOptionAndItsSource() throws Exception {
        assertMessage("Unknown option '--prot'", "--prot", "1");
        assertMessage("Invalid value 'abc' for --port: not a whole number", "--port", "abc");
        assertMessage("Invalid value '70000' for --port: must be between 0 and 65535", "--port=70000");
        assertMessage("Option --data-dir needs a value", "--data-dir");
        assertMessage("Unexpected argument 'serve'", "serve");
        assertMessage("Option --port is given twice", "--port", "1", "--port", "2");
        assertMessage("Invalid value '10 minutes' for --global-idle-timeout: not a duration", "--global-idle-timeout",
                "10 minutes");
        assertMessage("Invalid value '0' for --max-request-size: the size must be positive", "--max-request-size", "0");

        UsageException environment = assertThrows(UsageException.class,
                () -> LaunchOptions.parse(new String[0], Map.of("SESSIONKIT_JWT_LIFETIME", "forever")));
        assertTrue(environment.getMessage().contains("for SESSIONKIT_JWT_LIFETIME"), environment.getMessage());
    }

    @Test
    void theConfigFileMustExistAndHoldOnlyKnownKeys() throws Exception {
        Path file = file("port=7001\nsesion-max-parameters=5\n");
        UsageException unknown = assertThrows(UsageException.class,
                () -> LaunchOptions.parse(new String[] {"--config", file.toString()}, Map.of()));
        assertTrue(unknown.getMessage().contains("Unknown key 'sesion-max-parameters' in config file"),
                unknown.getMessage());

        Files.writeString(file, "port=seventy\n");
        UsageException bad = assertThrows(UsageException.class,
                () -> LaunchOptions.parse(new String[] {"--config", file.toString()}, Map.of()));
        assertTrue(bad.getMessage().contains("for key port in " + file), bad.getMessage());

        UsageException missing = assertThrows(UsageException.class,
                () -> LaunchOptions.parse(new String[] {"--config", dir.resolve("nope").toString()}, Map.of()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void helpListsEverySettingInItsThreeFormsWithItsDefault() throws Exception {
        assertTrue(LaunchOptions.parse(new String[] {"--port", "1", "--help"}, Map.of()).helpRequested());
        assertFalse(LaunchOptions.parse(new String[0], Map.of()).helpRequested());
        String help = LaunchOptions.help();
        for (Setting setting : Setting.values()) {
            assertTrue(help.contains(setting.option() + " VALUE  (" + setting.environmentVariable() + ", key "
                    + setting.key() + ")"), setting + " is missing from the help");
        }
        assertTrue(help.contains("default 30m"), help);
        assertTrue(help.contains("default 64KB"), help);
        assertTrue(help.contains("SESSIONKIT_ADMIN_PASSWORD"), help);
    }

    private static void assertMessage(String expectedStart, String... args) {
        UsageException error = assertThrows(UsageException.class, () -> LaunchOptions.parse(args, Map.of()));
        assertTrue(error.getMessage().startsWith(expectedStart), error.getMessage());
    }

    @Test
    void hiddenRequestHeadersAreACommaSeparatedListOfHeaderNames() throws Exception {
        assertEquals(Set.of(), resolve(Map.of()).hiddenRequestHeaders);
        assertEquals(Set.of("x-api-key", "x-secret"),
                resolve(Map.of("SESSIONKIT_HIDDEN_REQUEST_HEADERS", " X-Api-Key, X-Secret ,")).hiddenRequestHeaders);
        assertThrows(UsageException.class, () -> resolve(Map.of(), "--hidden-request-headers", "X Api Key"));
    }
}
