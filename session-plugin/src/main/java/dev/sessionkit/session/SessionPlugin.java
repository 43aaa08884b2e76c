package dev.sessionkit.session;

import org.pf4j.Plugin;

/**
 * The Session plugin (PF4J plugin id {@code session-plugin}). Its methods come from the {@link SessionMethods}
 * extension; the plugin itself holds no state, no threads and no resources: session data lives in the host's store,
 * reached through {@link dev.sessionkit.api.ExecutionContext#sessions()}, so stopping, reloading or updating the plugin
 * never loses a session.
 *
 * <p>PF4J creates it with the no-argument constructor (the {@code PluginWrapper} one is deprecated in PF4J 3.15).
 */
public class SessionPlugin extends Plugin {

    @Override
    public void start() {
        log.info("Session plugin started: {} methods", SessionMethods.all().size());
    }

    @Override
    public void stop() {
        log.info("Session plugin stopped");
    }
}
