package dev.sessionkit.host.flows;

import dev.sessionkit.host.apps.App;
import dev.sessionkit.host.apps.AppStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The parsed flows of every app, parsed once per app version: an app's flows are parsed again only when the
 * repository holds a new {@link App} instance for it (a save or an import).
 *
 * <p>Thread-safe and lock-free: two threads racing on a new version may both parse it; either result is equal.
 */
public final class FlowCatalog {
    private final AppStore apps;
    private final ConcurrentMap<String, AppFlows> parsed = new ConcurrentHashMap<>();

    /** @param apps the app definitions */
    public FlowCatalog(AppStore apps) {
        this.apps = apps;
    }

    /**
     * @param appId an app id
     * @return the current flows of the app
     * @throws dev.sessionkit.api.error.NotFoundException     code {@code APP_NOT_FOUND}
     * @throws dev.sessionkit.api.error.InvalidInputException when a stored definition does not parse (saved by an
     *                                                        older host): fix it with {@code PUT /api/apps/{appId}}
     */
    public AppFlows of(String appId) {
        App app = apps.require(appId);
        AppFlows cached = parsed.get(appId);
        if (cached != null && cached.app() == app) return cached;
        AppFlows fresh = new AppFlows(app, FlowParser.parse(app.flows()));
        parsed.put(appId, fresh);
        return fresh;
    }
}
