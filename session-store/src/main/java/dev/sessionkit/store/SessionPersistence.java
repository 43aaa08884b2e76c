package dev.sessionkit.store;

import dev.sessionkit.api.error.SessionkitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded store's sessions on disk, on the model of Redis's snapshot plus append-only file: in its folder
 * a snapshot ({@value #SNAPSHOT_FILE}) and a log ({@value #LOG_FILE}) of every change since, both in
 * {@link JournalFormat}.
 *
 * <h2>Writing</h2>
 * {@link CaffeineSessionStore} calls {@link #persist} after every change of a session (inside the session's lock, so
 * the changes of one session are queued in the order they happened) with the session's new state or null when it
 * left the store. That only queues the change: one writer thread appends the queued records to the log, within about
 * 10 ms ({@link PersistenceMode#EVERYSEC}, where it forces the log to disk at most a second later) or at once
 * ({@link PersistenceMode#ALWAYS}, where it forces every batch, and the writing request thread waits in
 * {@link #awaitDurable} before it answers). The writer also keeps the last record of every session (the records are
 * immutable, so this is a map of references): once the log is longer than {@link PersistenceConfig#compactAfterBytes}
 * and than the last snapshot, it writes that map as a new snapshot (to a temporary file, forced, renamed in one step)
 * and starts an empty log. A failed snapshot leaves the previous one and the log in force.
 *
 * <h2>Failures</h2>
 * When a write or a force fails, the writer records the failure: {@link #ensureWritable} then refuses changes with
 * {@code SESSION_DISK_FULL} (507) or {@code SESSION_STORE_NOT_WRITABLE} (503), {@link #problem} says what is wrong,
 * and ALWAYS writers waiting for that batch get the same error. Every second the writer tries to write a full
 * snapshot from its map (which holds the changes the log could not take) and a new log; once that succeeds, writes are
 * accepted again.
 *
 * <h2>Reading</h2>
 * {@link #open} reads the snapshot, then the log over it; the last record of each session wins. A torn or corrupt
 * tail (a record cut by a crash, a bad checksum) ends the reading of that file, is reported in one warning naming the
 * records and bytes dropped, and the store starts with what was read before it. Records are framed and checked in
 * order, then decoded on all cores. Unless the files hold exactly what was loaded (a clean stop: a snapshot and an
 * empty log, nothing expired while down), the writer's first task is a new snapshot, so a torn tail is gone from then
 * on.
 *
 * <p>Thread-safe: {@link #persist}, {@link #ensureWritable}, {@link #awaitDurable} and {@link #problem} are called by
 * request threads; everything else of the files happens on the writer thread. Timing of writes and forces uses
 * {@link System#nanoTime()} (it schedules disk work; no session's expiry depends on it).
 */
final class SessionPersistence {
    static final String LOG_FILE = "sessions.log";
    static final String SNAPSHOT_FILE = "sessions.snapshot";

    private static final Logger LOG = LoggerFactory.getLogger(SessionPersistence.class);
    private static final long FORCE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long WRITE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How the store hands its live state to a snapshot. */
    @FunctionalInterface
    interface Snapshots {
        /**
         * @param key    a session
         * @param record the last record of it the writer has
         * @return the record to write (with the renewals reads made since, if it is still the live one), or null to
         *         leave the session out (it has expired or left the store)
         */
        SessionRecord forSnapshot(SessionKey key, SessionRecord record);
    }

    /** One queued change; for ALWAYS also what the writing thread waits on. */
    static final class Change {
        final SessionKey key;
        final SessionRecord record;
        volatile boolean durable;
        volatile SessionkitException failure;

        Change(SessionKey key, SessionRecord record) {
            this.key = key;
            this.record = record;
        }
    }

    private final PersistenceConfig config;
    private final Path logFile;
    private final Path snapshotFile;
    /** The last record of every session, as the writer has written it (or, after a failure, must write). */
    private final Map<SessionKey, SessionRecord> mirror;
    private final ConcurrentLinkedQueue<Change> queue = new ConcurrentLinkedQueue<>();
    private final Object durableMonitor = new Object();
    private volatile Thread writer;
    private volatile SessionkitException failure;
    private volatile boolean closing;
    private volatile boolean closed;
    private Snapshots snapshots;
    private SessionJournal journal;
    private long snapshotBytes;
    private long lastForce;
    private boolean unforced;
    private long nextRetry;
    private int kept;
    /** The loaded sessions the store did not keep ({@link #restored} with null), removed from the mirror at start. */
    private final List<SessionKey> droppedOnLoad = new ArrayList<>();
    /** Whether the files differ from what was loaded (a log to fold in, a damaged tail, sessions expired on load). */
    private boolean snapshotNeeded;

    private SessionPersistence(PersistenceConfig config, Map<SessionKey, SessionRecord> loaded,
                               boolean snapshotNeeded) {
        this.config = config;
        this.logFile = config.directory.resolve(LOG_FILE);
        this.snapshotFile = config.directory.resolve(SNAPSHOT_FILE);
        this.mirror = loaded;
        this.snapshotNeeded = snapshotNeeded;
    }

    /**
     * Reads the sessions kept in the folder (creating it when missing).
     *
     * @param config where and how, validated, mode not NONE
     * @return the persistence, not started; {@link #loaded()} holds what was read
     * @throws UncheckedIOException when the folder cannot be read or holds a file that is not a session file of a
     *                              format this host reads (the message says what to do)
     */
    static SessionPersistence open(PersistenceConfig config) {
        Path directory = config.directory;
        Map<SessionKey, SessionRecord> loaded = new LinkedHashMap<>();
        long started = System.nanoTime();
        boolean snapshotNeeded;
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(directory.resolve(SNAPSHOT_FILE + ".tmp"));
            SessionJournal.Replay snapshot = SessionJournal.replay(directory.resolve(SNAPSHOT_FILE),
                    JournalFormat.SNAPSHOT, entry -> apply(loaded, entry.key(), entry.record()));
            SessionJournal.Replay log = SessionJournal.replay(directory.resolve(LOG_FILE), JournalFormat.LOG,
                    entry -> apply(loaded, entry.key(), entry.record()));
            reportLosses(snapshot, log);
            snapshotNeeded = log.records() > 0 || snapshot.problem() != null || log.problem() != null
                    || !Files.exists(directory.resolve(SNAPSHOT_FILE));
            LOG.info("Session files read: {} sessions from {} ({} snapshot records, {} log records) in {} ms",
                    loaded.size(), directory, snapshot.records(), log.records(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the session files in " + directory + ": " + e.getMessage()
                    + ". Fix or move them away (sessions then start empty); see docs/operations.md", e);
        }
        return new SessionPersistence(config, loaded, snapshotNeeded);
    }

    /**
     * @return the sessions read by {@link #open}, by key, in the order read: a view, to go through once before
     *         {@link #start}, calling {@link #restored} for its keys as it goes
     */
    Map<SessionKey, SessionRecord> loaded() {
        return Collections.unmodifiableMap(mirror);
    }

    /**
     * Before {@link #start}: the state the store gave a loaded session (expired as of now, or with a shared policy),
     * which the first snapshot writes; nothing is logged for it.
     *
     * @param key    a loaded session
     * @param record  what the store holds for it now, or null when it did not keep it
     * @param changed whether that differs from what the files hold (expired, emptied, a SHARED name given up)
     */
    void restored(SessionKey key, SessionRecord record, boolean changed) {
        if (writer != null) throw new IllegalStateException("restored() is for loading, before start()");
        if (!mirror.containsKey(key)) throw new IllegalArgumentException("restored() is for the keys of loaded()");
        if (record == null) {
            droppedOnLoad.add(key); // removed at start(): the caller may be going through loaded()
        } else {
            mirror.put(key, record); // a new value for a key it holds: no change of structure under the caller
        }
        if (changed) snapshotNeeded = true;
    }

    /**
     * Starts the writer thread; its first task is a snapshot of what was loaded (unless the files hold exactly that).
     *
     * @param snapshots how the store hands its live state to snapshots
     */
    void start(Snapshots snapshots) {
        for (SessionKey key : droppedOnLoad) {
            mirror.remove(key);
        }
        droppedOnLoad.clear();
        this.snapshots = snapshots;
        Thread thread = new Thread(this::run, "session-persistence");
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    /**
     * Queues a change. Call inside the session's lock, after the change is decided, so changes of one session are
     * queued in order. Never blocks, never throws.
     *
     * @param key    the session
     * @param record its new state, or null when it left the store (ended, expired)
     * @return the queued change (to {@link #awaitDurable}), or null once closing
     */
    Change persist(SessionKey key, SessionRecord record) {
        if (closed) return null;
        Change change = new Change(key, record);
        queue.add(change);
        if (config.mode == PersistenceMode.ALWAYS) LockSupport.unpark(writer);
        return change;
    }

    /**
     * @throws dev.sessionkit.api.error.InsufficientStorageException {@code SESSION_DISK_FULL} while the disk is full
     * @throws dev.sessionkit.api.error.ServiceUnavailableException  {@code SESSION_STORE_NOT_WRITABLE} while the files
     *                                                               cannot be written for another reason
     */
    void ensureWritable() {
        SessionkitException current = failure;
        if (current != null) throw current;
    }

    /**
     * With ALWAYS, waits until the change is forced to disk; otherwise returns at once.
     *
     * @param change what {@link #persist} returned, or null
     * @throws SessionkitException the failure of the write, as {@link #ensureWritable} describes
     */
    void awaitDurable(Change change) {
        if (change == null || config.mode != PersistenceMode.ALWAYS) return;
        synchronized (durableMonitor) {
            while (!change.durable && change.failure == null && !closed) {
                try {
                    durableMonitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw StoreErrors.notWritable(config.directory, "interrupted while waiting for the disk", e);
                }
            }
        }
        if (change.failure != null) throw change.failure;
    }

    /** @return what keeps the files from being written now, in words an operator can act on, or null */
    String problem() {
        SessionkitException current = failure;
        return current == null ? null : current.getMessage();
    }

    /** @return the mode */
    PersistenceMode mode() {
        return config.mode;
    }

    /**
     * Writes every queued change and a final snapshot, then stops the writer. Call once no more changes come.
     *
     * @return how many sessions the final snapshot kept
     */
    int close() {
        closing = true;
        Thread thread = writer;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed = true;
        synchronized (durableMonitor) {
            durableMonitor.notifyAll();
        }
        return kept;
    }

    private void run() {
        if (snapshotNeeded) {
            compactOrFail();
        } else {
            reuseSnapshot();
        }
        List<Change> batch = new ArrayList<>();
        while (true) {
            boolean last = closing;
            Change change;
            while ((change = queue.poll()) != null) {
                batch.add(change);
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
                batch.clear();
            }
            if (last && queue.isEmpty()) {
                compactOrFail(); // the final snapshot, with the renewals reads made since the last one
                break;
            }
            long now = System.nanoTime();
            if (failure != null) {
                if (now - nextRetry >= 0) compactOrFail();
            } else if (unforced && (now - lastForce >= FORCE_INTERVAL_NANOS || last)) {
                forceOrFail();
            } else if (journal != null && journal.size() > Math.max(config.compactAfterBytes, snapshotBytes)) {
                compactOrFail();
            }
            LockSupport.parkNanos(this, config.mode == PersistenceMode.ALWAYS ? FORCE_INTERVAL_NANOS
                    : WRITE_INTERVAL_NANOS);
        }
        closeJournal();
    }

    private void writeBatch(List<Change> batch) {
        for (Change change : batch) {
            apply(mirror, change.key, change.record);
        }
        if (failure != null) {
            // The map holds these changes; the snapshot that ends the failure writes them.
            failed(batch, failure);
            return;
        }
        try {
            // Each record holds a session's whole state, so only the last change of each session in a batch is
            // written: a session changed a thousand times in 10 ms costs one record.
            Map<SessionKey, SessionRecord> last = new LinkedHashMap<>();
            for (Change change : batch) {
                last.put(change.key, change.record);
            }
            for (Map.Entry<SessionKey, SessionRecord> change : last.entrySet()) {
                journal.append(JournalFormat.encode(change.getKey(), change.getValue()));
            }
            journal.write();
            unforced = true;
            if (config.mode == PersistenceMode.ALWAYS) {
                journal.force();
                forced();
                synchronized (durableMonitor) {
                    for (Change change : batch) {
                        change.durable = true;
                    }
                    durableMonitor.notifyAll();
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            failed(batch, failure);
        }
    }

    private void forceOrFail() {
        try {
            journal.force();
            forced();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void forced() {
        lastForce = System.nanoTime();
        unforced = false;
    }

    /**
     * After a clean stop the snapshot holds exactly what was loaded and the log nothing: the writer starts an empty log
     * over it instead of rewriting the snapshot (which, for many sessions, would compete with the host's start).
     */
    private void reuseSnapshot() {
        try {
            snapshotBytes = Files.size(snapshotFile);
            kept = mirror.size();
            journal = SessionJournal.create(config.channels, logFile);
            forced();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Writes a snapshot of the map and starts an empty log; on success ends a failure, on failure records one. */
    private void compactOrFail() {
        boolean finalSnapshot = closing;
        try {
            closeJournal();
            journal = null;
            int[] count = new int[1];
            snapshotBytes = SessionJournal.writeSnapshot(config.channels, snapshotFile, payloads(count));
            journal = SessionJournal.create(config.channels, logFile);
            forced();
            kept = count[0];
            if (failure != null) {
                LOG.info("Session files written again in {}: {} sessions; writes are accepted again",
                        config.directory, count[0]);
                failure = null;
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            if (finalSnapshot) {
                kept = mirror.size();
                LOG.error("The final snapshot of the sessions could not be written to {}; the files hold the changes "
                        + "up to the failure", config.directory);
            }
        }
    }

    /** The payloads of a snapshot: each session of the map as the store says it is now, or left out. */
    private Iterator<byte[]> payloads(int[] count) {
        Iterator<Map.Entry<SessionKey, SessionRecord>> entries = mirror.entrySet().iterator();
        return new Iterator<>() {
            private byte[] next = advance();

            private byte[] advance() {
                while (entries.hasNext()) {
                    Map.Entry<SessionKey, SessionRecord> entry = entries.next();
                    SessionRecord record = snapshots.forSnapshot(entry.getKey(), entry.getValue());
                    if (record == null) continue;
                    count[0]++;
                    return JournalFormat.encode(entry.getKey(), record);
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public byte[] next() {
                if (next == null) throw new NoSuchElementException();
                byte[] current = next;
                next = advance();
                return current;
            }
        };
    }

    private void fail(Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean full = reason.contains("No space left") || reason.contains("Disk quota exceeded");
        SessionkitException refused = full ? StoreErrors.diskFull(config.directory)
                : StoreErrors.notWritable(config.directory, reason, e);
        if (failure == null) {
            LOG.error("Cannot write the session files in {} ({}); changes are refused with {} until they can be "
                    + "written", config.directory, reason, refused.code());
        }
        failure = refused;
        nextRetry = System.nanoTime() + RETRY_INTERVAL_NANOS;
    }

    private void failed(List<Change> batch, SessionkitException refused) {
        if (config.mode != PersistenceMode.ALWAYS) return;
        synchronized (durableMonitor) {
            for (Change change : batch) {
                change.failure = refused;
            }
            durableMonitor.notifyAll();
        }
    }

    private void closeJournal() {
        if (journal == null) return;
        try {
            journal.write();
            journal.force();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing a session log that failed: {}", e.toString());
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.debug("Closing a session log: {}", e.toString());
        }
    }

    private static void apply(Map<SessionKey, SessionRecord> sessions, SessionKey key, SessionRecord record) {
        if (record == null) {
            sessions.remove(key);
        } else {
            sessions.put(key, record);
        }
    }

    /** One warning for everything a torn or corrupt tail dropped. */
    private static void reportLosses(SessionJournal.Replay snapshot, SessionJournal.Replay log) {
        if (snapshot.problem() == null && log.problem() == null) return;
        StringBuilder lost = new StringBuilder();
        append(lost, SNAPSHOT_FILE, snapshot);
        append(lost, LOG_FILE, log);
        LOG.warn("Session files damaged: dropped {}; the sessions those records changed are loaded as they were "
                + "before them", lost);
    }

    private static void append(StringBuilder lost, String file, SessionJournal.Replay replay) {
        if (replay.problem() == null) return;
        if (lost.length() > 0) lost.append(" and ");
        lost.append(replay.droppedRecords()).append(" records (").append(replay.droppedBytes())
                .append(" bytes) at the end of ").append(file).append(" after ").append(replay.records())
                .append(" good ones (").append(replay.problem()).append(')');
    }
}
