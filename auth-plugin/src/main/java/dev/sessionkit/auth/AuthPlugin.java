package dev.sessionkit.auth;

import org.pf4j.Plugin;

/**
 * The Auth plugin (PF4J plugin id {@code auth-plugin}). Its methods come from the {@link AuthMethods} extension; the
 * plugin holds no state, no threads and no resources (accounts and tokens are the host's), so disabling, updating or
 * uninstalling it never signs anyone out or loses an account.
 */
public class AuthPlugin extends Plugin {

    @Override
    public void start() {
        log.info("Auth plugin started: {} methods", AuthMethods.all().size());
    }

    @Override
    public void stop() {
        log.info("Auth plugin stopped");
    }
}
