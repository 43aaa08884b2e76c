package dev.sessionkit.host.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.ForbiddenException;
import dev.sessionkit.api.error.UnauthorizedException;
import dev.sessionkit.api.session.ParameterUpdate;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.PutResult;
import dev.sessionkit.api.session.ReadResult;
import dev.sessionkit.api.session.Scope;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.session.UpdateResult;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.host.quota.Allowance;
import dev.sessionkit.host.quota.AnonymousQuota;
import dev.sessionkit.host.users.Role;
import dev.sessionkit.store.HostSessionStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The view of the host's {@link SessionStore} that a method receives through {@code ExecutionContext.sessions()}:
 * bound to one app and to one {@link SessionCaller}, built per call (a direct call, or a flow's execution).
 *
 * <h2>The app</h2>
 * Every ref and app id must be the bound app's, otherwise the call is refused with an {@link IllegalArgumentException}
 * (a method can never reach another app's sessions). The view has the data operations only: listing, inspecting,
 * ending a user's or an app's sessions and closing are the host's ({@link HostSessionStore}).
 *
 * <h2>SHARED sessions on direct calls</h2>
 * A SHARED session is app state, not a public bucket. On a direct call (not inside a flow, whose steps decide):
 * <ul>
 *   <li>reading one ({@link #exists}, {@link #info}, {@link #get}, {@link #read}, {@link #openShared}) needs a signed-in caller:
 *       {@code 401 AUTHENTICATION_REQUIRED} otherwise;</li>
 *   <li>starting ({@link #start} with a name), writing ({@link #put}, {@link #update}, {@link #delete}), clearing, touching and ending
 *       one needs the role {@code builder} or {@code admin}: {@code 401 AUTHENTICATION_REQUIRED} without a user,
 *       {@code 403 SHARED_SESSION_FORBIDDEN} for another role (details: {@code scope}, {@code operation},
 *       {@code requiredRoles}, {@code role}, and {@code sessionName}).</li>
 * </ul>
 * A SHARED session addressed by its token ({@link SessionRef.Token}) is the same session: the view then asks the
 * store what the token addresses first (one more store call, made only for a caller the rule may refuse).
 *
 * <h2>Anonymous callers</h2>
 * For a caller without a user, on direct calls and in flows alike: {@link #start} takes one session from the
 * client's {@link AnonymousQuota} and starts the session with {@link HostSessionStore#startAnonymous} (its limits:
 * idle timeout, maximum lifetime, share of the store); {@link #put} and {@link #update} to a TOKEN or SHARED session
 * take the bytes written ({@link HostSessionStore#sizeOf}) from the quota first. A refusal ({@code 429 ANONYMOUS_QUOTA_EXCEEDED})
 * changes nothing.
 *
 * <p>Everything else is delegated unchanged, with the store's own semantics and thread-safety.
 */
public final class AppSessionStore implements SessionStore {
    private static final List<String> EDITORS = List.of(Role.BUILDER.id(), Role.ADMIN.id());

    private final HostSessionStore store;
    private final String appId;
    private final SessionCaller caller;
    private final AnonymousQuota quota;

    /**
     * @param store  the host's store
     * @param appId  the app the view is bound to
     * @param caller who calls, and how
     * @param quota  the quota anonymous callers take from
     */
    public AppSessionStore(HostSessionStore store, String appId, SessionCaller caller, AnonymousQuota quota) {
        this.store = Objects.requireNonNull(store, "store");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.caller = Objects.requireNonNull(caller, "caller");
        this.quota = Objects.requireNonNull(quota, "quota");
    }

    @Override
    public SessionInfo start(String appId, SessionSpec spec) {
        check(appId);
        Objects.requireNonNull(spec, "spec");
        if (spec.name() != null && mayBeRefusedToWrite()) refuseWrite("start", spec.name());
        if (!caller.anonymous()) return store.start(appId, spec);
        quota.take(caller.clientAddress(), Allowance.SESSIONS_STARTED, 1);
        return store.startAnonymous(appId, spec);
    }

    @Override
    public SessionInfo openShared(String appId, String name) {
        check(appId);
        if (mayBeRefusedToRead()) refuseRead(Objects.requireNonNull(name, "name"));
        return store.openShared(appId, name);
    }

    @Override
    public boolean exists(SessionRef ref) {
        return store.exists(readable(ref));
    }

    @Override
    public Optional<SessionInfo> info(SessionRef ref) {
        return store.info(readable(ref));
    }

    @Override
    public Map<String, JsonNode> get(SessionRef ref, Collection<String> names) {
        return store.get(readable(ref), names);
    }

    @Override
    public ReadResult read(SessionRef ref, Collection<String> names) {
        return store.read(readable(ref), names);
    }

    @Override
    public PutResult put(SessionRef ref, Map<String, JsonNode> values, PutOptions options) {
        writable(ref, "write");
        if (caller.anonymous() && (ref instanceof SessionRef.Token || ref instanceof SessionRef.Shared)) {
            long bytes = HostSessionStore.sizeOf(Objects.requireNonNull(values, "values"));
            if (bytes > 0) quota.take(caller.clientAddress(), Allowance.BYTES_WRITTEN, bytes);
        }
        return store.put(ref, values, options);
    }

    @Override
    public UpdateResult update(SessionRef ref, List<ParameterUpdate> updates, Long expectedVersion) {
        writable(ref, "update");
        if (caller.anonymous() && (ref instanceof SessionRef.Token || ref instanceof SessionRef.Shared)) {
            long bytes = HostSessionStore.sizeOf(Objects.requireNonNull(updates, "updates"));
            if (bytes > 0) quota.take(caller.clientAddress(), Allowance.BYTES_WRITTEN, bytes);
        }
        return store.update(ref, updates, expectedVersion);
    }

    @Override
    public int delete(SessionRef ref, Collection<String> names) {
        return store.delete(writable(ref, "delete"), names);
    }

    @Override
    public int clear(SessionRef ref) {
        return store.clear(writable(ref, "clear"));
    }

    @Override
    public boolean end(SessionRef ref) {
        return store.end(writable(ref, "end"));
    }

    @Override
    public SessionInfo touch(SessionRef ref) {
        return store.touch(writable(ref, "touch"));
    }

    /** Checks the app and, on a direct call without a user, that the ref is not a SHARED session. */
    private SessionRef readable(SessionRef ref) {
        check(ref);
        if (!mayBeRefusedToRead()) return ref;
        String shared = sharedName(ref);
        if (shared != null) refuseRead(shared);
        return ref;
    }

    /** Checks the app and, on a direct call by neither a builder nor an admin, that the ref is not SHARED. */
    private SessionRef writable(SessionRef ref, String operation) {
        check(ref);
        if (!mayBeRefusedToWrite()) return ref;
        String shared = sharedName(ref);
        if (shared != null) refuseWrite(operation, shared);
        return ref;
    }

    /** @return the SHARED session's name when the ref addresses a live SHARED session, else null */
    private String sharedName(SessionRef ref) {
        if (ref instanceof SessionRef.Shared named) return named.name();
        if (!(ref instanceof SessionRef.Token)) return null;
        return store.info(ref).filter(info -> info.scope() == Scope.SHARED).map(SessionInfo::name).orElse(null);
    }

    private boolean mayBeRefusedToRead() {
        return caller.directCall() && caller.anonymous();
    }

    private boolean mayBeRefusedToWrite() {
        return caller.directCall() && !caller.user().map(UserIdentity::roleId).filter(EDITORS::contains).isPresent();
    }

    private static void refuseRead(String name) {
        throw new UnauthorizedException("AUTHENTICATION_REQUIRED", "The SHARED session '" + name + "' is app state: "
                + "reading it with a direct method call needs a signed-in user. Send 'Authorization: Bearer <token>' "
                + "from POST /api/auth/login, or reach it through a flow of the app.", details("read", name));
    }

    private void refuseWrite(String operation, String name) {
        Map<String, Object> details = details(operation, name);
        Optional<UserIdentity> user = caller.user();
        if (user.isEmpty()) {
            throw new UnauthorizedException("AUTHENTICATION_REQUIRED", "The SHARED session '" + name + "' is app "
                    + "state: to " + operation + " it with a direct method call, sign in as a builder or an admin "
                    + "(send 'Authorization: Bearer <token>'), or do it in a flow of the app.", details);
        }
        details.put("role", user.get().roleId());
        throw new ForbiddenException("SHARED_SESSION_FORBIDDEN", "The SHARED session '" + name + "' is app state: "
                + "to " + operation + " it with a direct method call needs the role builder or admin; you are "
                + "signed in as '" + user.get().username() + "' with the role " + user.get().roleId() + ". Do it "
                + "in a flow of the app, or ask an admin.", details);
    }

    private static Map<String, Object> details(String operation, String name) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scope", Scope.SHARED.name());
        details.put("sessionName", name);
        details.put("operation", operation);
        details.put("requiredRoles", operation.equals("read") ? List.of(Role.USER.id(), Role.BUILDER.id(),
                Role.ADMIN.id()) : EDITORS);
        return details;
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
