package dev.sessionkit.host.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginManager;

class IndexOnlyPluginManagerTest {
    @Test
    void itAnswersVersionsAndRefusesEveryPluginChange() {
        PluginManager manager = IndexOnlyPluginManager.create("0.1.0");
        assertEquals("0.1.0", manager.getSystemVersion());
        assertEquals(0, manager.getVersionManager().compareVersions("1.0.0", "1.0.0"));
        assertThrows(UnsupportedOperationException.class, () -> manager.loadPlugin(Path.of("x.jar")));
        assertThrows(UnsupportedOperationException.class, () -> manager.startPlugin("x"));
        assertThrows(UnsupportedOperationException.class, () -> manager.deletePlugin("x"));
        assertThrows(UnsupportedOperationException.class, manager::getPlugins);
    }
}
