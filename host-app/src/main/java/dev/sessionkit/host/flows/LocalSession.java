package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.host.methods.MethodInvoker;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Supplier;

/**
 * The LOCAL session a process of an execution works on: the execution itself, a For Each iteration or a Parallel
 * branch.
 *
 * <p>The execution's process uses the execution's LOCAL session. A sub-process that is not Scoped shares its
 * parent's (the store makes each write atomic, so concurrent branches lose no update). A Scoped sub-process — its
 * For Each or Parallel step has {@code "scoped": true}, or for one step, that step's input has {@code "scoped": true}
 * — works on its own copy-on-write version: a LOCAL session of its own, filled with a copy of the parent's data when
 * the sub-process first touches it, whose writes never reach its siblings or its parent. {@link #end()} ends that
 * copy.
 *
 * <p>Thread-safe: the copy is made once, under a lock.
 */
final class LocalSession {
    private final SessionStore store;
    private final SessionRef.Local parent;
    private final boolean subProcess;
    private final boolean scoped;
    private final Supplier<String> forkIds;
    private final Object lock = new Object();
    private volatile SessionRef.Local copy;

    private LocalSession(SessionStore store, SessionRef.Local parent, boolean subProcess, boolean scoped,
                         Supplier<String> forkIds) {
        this.store = store;
        this.parent = parent;
        this.subProcess = subProcess;
        this.scoped = scoped;
        this.forkIds = forkIds;
    }

    /**
     * @param store   the store bound to the app
     * @param session the execution's LOCAL session
     * @param forkIds gives the execution ids of Scoped copies, unique in the execution
     * @return the LOCAL session of an execution's top-level process (Scoped has no effect there)
     */
    static LocalSession of(SessionStore store, SessionRef.Local session, Supplier<String> forkIds) {
        return new LocalSession(store, session, false, false, forkIds);
    }

    /**
     * @param scoped whether the sub-process is Scoped
     * @return the LOCAL session of a sub-process of this process
     */
    LocalSession subProcess(boolean scoped) {
        return new LocalSession(store, current(), true, scoped, forkIds);
    }

    /**
     * @param stepScoped whether the step asks for a Scoped session
     * @return the session a step works on
     */
    SessionRef.Local forStep(boolean stepScoped) {
        return subProcess && (scoped || stepScoped) ? copy() : parent;
    }

    /** @return the session this process's own steps and its sub-processes start from */
    SessionRef.Local current() {
        return scoped ? copy() : parent;
    }

    /** Ends the Scoped copy, if one was made. */
    void end() {
        SessionRef.Local made = copy;
        if (made != null) MethodInvoker.endLocalSession(store, made);
    }

    private SessionRef.Local copy() {
        SessionRef.Local made = copy;
        if (made != null) return made;
        synchronized (lock) {
            if (copy == null) {
                SessionRef.Local fresh = new SessionRef.Local(parent.appId(), forkIds.get());
                Map<String, JsonNode> data = store.get(parent, null);
                if (!data.isEmpty()) {
                    Set<String> secret = store.info(parent).map(SessionInfo::secretNames).orElse(Set.of()).stream()
                            .filter(data::containsKey).collect(Collectors.toSet());
                    store.put(fresh, data, new PutOptions(false, null, secret));
                }
                copy = fresh;
            }
            return copy;
        }
    }
}
