package dev.sessionkit.store;

import java.util.Locale;

/**
 * Whether and how the embedded store keeps its sessions on disk (see {@link SessionPersistence}). The Redis store
 * ignores it: Redis keeps its own data.
 */
public enum PersistenceMode {
    /** Nothing is written: every session is lost when the host stops or crashes. */
    NONE,
    /**
     * Request threads only hand each change to the writer thread, which appends it to the log at once (within about
     * 10 ms) and forces the log to disk at most a second later: a kill of the process loses the last few milliseconds,
     * a crash of the machine at most about a second of acknowledged writes.
     */
    EVERYSEC,
    /** Every write waits until its record is forced to disk before it is answered: nothing acknowledged is lost. */
    ALWAYS;

    /**
     * @param text {@code none}, {@code everysec} or {@code always}, in any case
     * @return the mode
     * @throws IllegalArgumentException saying what is accepted
     */
    public static PersistenceMode parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (PersistenceMode mode : values()) {
            if (mode.text().equals(value)) return mode;
        }
        throw new IllegalArgumentException("expects none, everysec or always, was '" + text + "'");
    }

    /** @return the mode as the setting spells it: {@code none}, {@code everysec} or {@code always} */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
