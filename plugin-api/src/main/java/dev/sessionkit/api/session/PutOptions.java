package dev.sessionkit.api.session;

import java.util.Set;

/**
 * Options of {@link SessionStore#put}.
 *
 * @param onlyIfAbsent    store each parameter only if the session does not hold it yet; held ones are kept and
 *                        reported in {@link PutResult#kept()}
 * @param expectedVersion compare-and-set: the write happens only if the session's version equals this, else
 *                        {@link dev.sessionkit.api.error.ConflictException} (409); null for no check
 * @param secretNames     names, among those written, to mark secret (redacted in logs, traces, UI and exports);
 *                        a later write of the same name without the mark clears it
 */
public record PutOptions(boolean onlyIfAbsent, Long expectedVersion, Set<String> secretNames) {
    /** Copies the set. */
    public PutOptions {
        secretNames = Set.copyOf(secretNames == null ? Set.of() : secretNames);
    }

    /** Plain overwrite, no version check, nothing secret. */
    public static final PutOptions DEFAULT = new PutOptions(false, null, Set.of());
}
