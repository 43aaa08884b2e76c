package dev.sessionkit.host.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.JavalinStaticResourceHandler;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the web UI: the {@code web-ui} module's static files (classpath folder {@value #CLASSPATH_FOLDER}) at
 * {@code /}, and the WebJars they import (SortableJS) at {@code /webjars/<name>/<version>/...}.
 *
 * <p>The UI is one page ({@code index.html}) with hash routes ({@code #/apps/shop}), so no server-side fallback
 * route is needed and unknown paths stay JSON 404s for API clients.
 *
 * <p>Its {@linkplain #contentSecurityPolicy() Content-Security-Policy} lets the page load scripts, styles, images
 * and connections from the host only. The page's one inline script, its import map (an import map cannot be a
 * separate file), is allowed by its SHA-256 hash, computed from the {@code index.html} this host serves (Maven writes
 * the WebJars' versions into it), so a script injected into the page never runs.
 */
public final class WebUi {
    /** Where the web-ui jar keeps its files. */
    public static final String CLASSPATH_FOLDER = "/sessionkit-ui";

    private static final Pattern INLINE_SCRIPT = Pattern.compile(
            "<script(?![^>]*\\ssrc\\s*=)[^>]*>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private WebUi() {
    }

    /**
     * The policy of every answer: the UI's own files only, its inline import map by hash, no plugins, no framing, no
     * other site as a form target or base URL. (JSON answers are never rendered, and the policy costs them nothing.)
     *
     * @return the header's value
     */
    public static String contentSecurityPolicy() {
        StringBuilder scripts = new StringBuilder("'self'");
        for (String inline : inlineScripts()) {
            scripts.append(" 'sha256-").append(sha256(inline)).append('\'');
        }
        return "default-src 'self'; script-src " + scripts + "; style-src 'self'; img-src 'self'; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** @return the content of each inline script of the served index.html, in order (none without a web UI) */
    static List<String> inlineScripts() {
        List<String> scripts = new ArrayList<>();
        try (InputStream page = WebUi.class.getResourceAsStream(CLASSPATH_FOLDER + "/index.html")) {
            if (page == null) return scripts;
            Matcher inline = INLINE_SCRIPT.matcher(new String(page.readAllBytes(), StandardCharsets.UTF_8));
            while (inline.find()) {
                scripts.add(inline.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the web UI's index.html", e);
        }
        return scripts;
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /**
     * Serves the files through Javalin's own resource handler, which looks each file up with the class loader,
     * instead of its default Jetty handler, which opens the whole executable jar as a zip file system for each
     * classpath folder when the host starts (about 0.5 s of a start; see docs/performance.md, Start).
     *
     * @param cfg the Javalin being configured
     */
    public static void serve(JavalinConfig cfg) {
        cfg.resourceHandler(new JavalinStaticResourceHandler());
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = CLASSPATH_FOLDER;
            files.location = Location.CLASSPATH;
        });
        cfg.staticFiles.enableWebjars();
    }
}
