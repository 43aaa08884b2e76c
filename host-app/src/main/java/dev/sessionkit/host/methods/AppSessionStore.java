package dev.sessionkit.host.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.PutResult;
import dev.sessionkit.api.session.ReadResult;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.store.HostSessionStore;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The view of the host's {@link SessionStore} that a method receives through
 * {@code ExecutionContext.sessions()}: bound to one app.
 *
 * <p>Every ref and app id must be the bound app's, otherwise the call is refused with an
 * {@link IllegalArgumentException} (a method can never reach another app's sessions). The view has the data
 * operations only: listing, inspecting, ending a user's or an app's sessions and closing are the host's
 * ({@link HostSessionStore}). Everything is delegated unchanged, with the store's own semantics and thread-safety.
 */
public final class AppSessionStore implements SessionStore {
    private final HostSessionStore store;
    private final String appId;

    /**
     * @param store the host's store
     * @param appId the app the view is bound to
     */
    public AppSessionStore(HostSessionStore store, String appId) {
        this.store = Objects.requireNonNull(store, "store");
        this.appId = Objects.requireNonNull(appId, "appId");
    }

    @Override
    public SessionInfo start(String appId, SessionSpec spec) {
        return store.start(check(appId), spec);
    }

    @Override
    public SessionInfo openShared(String appId, String name) {
        return store.openShared(check(appId), name);
    }

    @Override
    public boolean exists(SessionRef ref) {
        return store.exists(check(ref));
    }

    @Override
    public Optional<SessionInfo> info(SessionRef ref) {
        return store.info(check(ref));
    }

    @Override
    public Map<String, JsonNode> get(SessionRef ref, Collection<String> names) {
        return store.get(check(ref), names);
    }

    @Override
    public ReadResult read(SessionRef ref, Collection<String> names) {
        return store.read(check(ref), names);
    }

    @Override
    public PutResult put(SessionRef ref, Map<String, JsonNode> values, PutOptions options) {
        return store.put(check(ref), values, options);
    }

    @Override
    public int delete(SessionRef ref, Collection<String> names) {
        return store.delete(check(ref), names);
    }

    @Override
    public int clear(SessionRef ref) {
        return store.clear(check(ref));
    }

    @Override
    public boolean end(SessionRef ref) {
        return store.end(check(ref));
    }

    @Override
    public SessionInfo touch(SessionRef ref) {
        return store.touch(check(ref));
    }

    private SessionRef check(SessionRef ref) {
        check(Objects.requireNonNull(ref, "ref").appId());
        return ref;
    }

    private String check(String appId) {
        if (!this.appId.equals(Objects.requireNonNull(appId, "appId"))) {
            throw new IllegalArgumentException("This execution belongs to app '" + this.appId
                    + "'; sessions of app '" + appId + "' are out of its reach.");
        }
        return appId;
    }
}
