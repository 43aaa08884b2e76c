package dev.sessionkit.host.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * Serves the web UI: the {@code web-ui} module's static files (classpath folder {@value #CLASSPATH_FOLDER}) at
 * {@code /}, and the WebJars they import (SortableJS) at {@code /webjars/<name>/<version>/...}.
 *
 * <p>The UI is one page ({@code index.html}) with hash routes ({@code #/apps/shop}), so no server-side fallback
 * route is needed and unknown paths stay JSON 404s for API clients.
 */
public final class WebUi {
    /** Where the web-ui jar keeps its files. */
    public static final String CLASSPATH_FOLDER = "/sessionkit-ui";

    private WebUi() {
    }

    /** @param cfg the Javalin being configured */
    public static void serve(JavalinConfig cfg) {
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = CLASSPATH_FOLDER;
            files.location = Location.CLASSPATH;
        });
        cfg.staticFiles.enableWebjars();
    }
}
