package dev.sessionkit.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * The extension point through which a plugin contributes methods. Annotate the implementation with
 * {@link org.pf4j.Extension @Extension}.
 *
 * <p>The host calls {@link #methods()} once each time the plugin starts and keeps the methods until the plugin stops;
 * method ids must be unique across all installed plugins (a clash keeps the first and reports the second).
 */
public interface MethodProvider extends ExtensionPoint {

    /** The plugin's methods. @return the methods, not null */
    List<PluginMethod> methods();
}
