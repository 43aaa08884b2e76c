package dev.sessionkit.host.cluster;

import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.host.apps.App;
import dev.sessionkit.host.apps.AppStore;
import dev.sessionkit.host.users.User;
import dev.sessionkit.host.users.UserStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a single host becomes the first host of a cluster: started with {@code --redis-url} on a namespace that has
 * never held accounts (or apps), it copies the accounts (with their ids and password hashes, so users keep their
 * passwords and their tokens stay valid) and the apps (with their versions' content) of its data directory into
 * Redis, once, and says so in its log. The signing key moves with {@code SigningKey#shared}. Later hosts, and later
 * starts, find the namespace in use and import nothing; the files stay where they are, unused, as a backup.
 */
public final class SingleHostImport {
    private static final Logger LOG = LoggerFactory.getLogger(SingleHostImport.class);

    private final SharedState shared;

    /** @param shared the cluster's shared state */
    public SingleHostImport(SharedState shared) {
        this.shared = shared;
    }

    /**
     * Copies the accounts of this host's data directory when the cluster never had any.
     *
     * @param local   this host's accounts file
     * @param cluster the cluster's accounts
     */
    public void users(UserStore local, UserStore cluster) {
        List<User> users = local.all();
        if (users.isEmpty() || shared.version("users") > 0) return;
        int imported = 0;
        for (User user : users) {
            try {
                cluster.add(user);
                imported++;
            } catch (ConflictException e) {
                LOG.warn("Not imported: the account '{}' exists in the cluster already", user.username());
            }
        }
        LOG.info("Imported {} account(s) of this host's data directory into the cluster's empty namespace", imported);
    }

    /**
     * Copies the apps of this host's data directory when the cluster never had any.
     *
     * @param local   this host's apps
     * @param cluster the cluster's apps
     */
    public void apps(AppStore local, AppStore cluster) {
        List<App> apps = local.all();
        if (apps.isEmpty() || shared.version("apps") > 0) return;
        int imported = 0;
        for (App app : apps) {
            try {
                cluster.create(app.id(), app.name(), app.sessionIdleTimeoutSeconds(), app.flows());
                imported++;
            } catch (ConflictException e) {
                LOG.warn("Not imported: the app '{}' exists in the cluster already", app.id());
            }
        }
        LOG.info("Imported {} app(s) of this host's data directory into the cluster's empty namespace", imported);
    }
}
