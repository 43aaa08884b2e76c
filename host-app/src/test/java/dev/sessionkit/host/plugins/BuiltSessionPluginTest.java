package dev.sessionkit.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.api.testkit.TestExecutionContext;
import dev.sessionkit.host.HostVersion;
import dev.sessionkit.host.testplugins.TestPluginJars;
import dev.sessionkit.store.HostSessionStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

/** Loads the session plugin jar the build produced through PF4J (its classes are not on the test class path). */
class BuiltSessionPluginTest {
    @TempDir
    Path dataDir;

    @Test
    void theBuiltJarLoadsThroughPf4jAndItsMethodsRun() throws Exception {
        Path plugins = dataDir.resolve("plugins");
        TestPluginJars.builtSessionPlugin(plugins);
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.sessionkit.session.SessionPlugin"),
                "the plugin's classes must come from its jar only");

        PluginHost host = new PluginHost(plugins, HostVersion.current(), BundledPlugins.NONE);
        ManualClock clock = new ManualClock();
        try (HostSessionStore store = HostSessionStore.embedded(config -> config.clock = clock)) {
            host.startAll();
            PluginReport report = host.registry().plugins().get(0);
            assertEquals("session-plugin", report.id());
            assertEquals("STARTED", report.state());
            assertEquals(15, report.methods().size());

            RegisteredMethod set = host.registry().require("session.set-parameters");
            assertTrue(set.classLoader() instanceof PluginClassLoader);
            ObjectMapper json = new ObjectMapper();
            TestExecutionContext context = TestExecutionContext.of(store, "default", clock)
                    .withUser(new UserIdentity("u-1", "ada", "user"));
            MethodResult stored = context.call(set.method(), json.readTree("""
                    {"scope": "GLOBAL", "parameters": [{"name": "qty", "dataType": "INTEGER", "value": "2"}]}"""));
            assertEquals(json.readTree("{\"qty\": 2}"), stored.output());

            MethodResult read = context.call(host.registry().require("session.get-parameters").method(),
                    json.readTree("{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"qty\"}]}"));
            assertEquals(json.readTree("{\"qty\": 2}"), read.output());
        } finally {
            host.stopAll();
        }
        assertThrows(NotFoundException.class, () -> host.registry().require("session.set-parameters"));
    }
}
