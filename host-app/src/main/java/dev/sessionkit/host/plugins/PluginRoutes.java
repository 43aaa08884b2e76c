package dev.sessionkit.host.plugins;

import dev.sessionkit.host.auth.Access;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * {@code GET /api/plugins} (signed in; 401 otherwise): every installed plugin with its state and the descriptors of
 * its methods, in the form {@link PluginJson} documents, plus a {@code FAILED} entry for each jar that could not
 * be loaded.
 */
public final class PluginRoutes {
    private final PluginHost plugins;

    /** @param plugins the plugin host */
    public PluginRoutes(PluginHost plugins) {
        this.plugins = plugins;
    }

    /** @param routes the routes of the Javalin being configured */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/plugins", this::list);
    }

    private void list(Context ctx) {
        Access.signedIn(ctx);
        ctx.json(PluginJson.plugins(plugins.registry().plugins()));
    }
}
