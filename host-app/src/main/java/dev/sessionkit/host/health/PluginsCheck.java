package dev.sessionkit.host.health;

import dev.sessionkit.host.plugins.MethodRegistry;
import dev.sessionkit.host.plugins.PluginReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The plugins' readiness: up when every plugin of the current {@link MethodRegistry} is started or was disabled on
 * purpose; down when one failed (to load, to start, or its jar is missing), since flows using its methods fail on
 * this host. Details: {@code installed}, {@code started}, and {@code failed}: each failed plugin's {@code id} and
 * {@code error}.
 *
 * <p>A plugin that fails on every host makes every host not ready: disable or uninstall it (the admin API answers
 * on each host directly, whatever the probes say) to make them ready again.
 */
public final class PluginsCheck implements HealthCheck {
    private final Supplier<MethodRegistry> registry;

    /** @param registry the current registry */
    public PluginsCheck(Supplier<MethodRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public ComponentHealth check() {
        MethodRegistry current = registry.get();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (PluginReport plugin : current.plugins()) {
            if (plugin.state().equals("FAILED")) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", plugin.id());
                entry.put("error", String.valueOf(plugin.error()));
                failed.add(entry);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("installed", current.plugins().size());
        details.put("started", current.startedPlugins());
        details.put("failed", failed);
        if (failed.isEmpty()) return ComponentHealth.up(details);
        return ComponentHealth.down(failed.size() == 1 ? "Plugin '" + failed.get(0).get("id") + "' failed; fix, "
                + "disable or uninstall it (GET /api/plugins says why)."
                : failed.size() + " plugins failed; fix, disable or uninstall them (GET /api/plugins says why).",
                details);
    }
}
