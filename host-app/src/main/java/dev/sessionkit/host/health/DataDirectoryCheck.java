package dev.sessionkit.host.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The data directory accepts writes: the host writes a small probe file in it ({@value #PROBE}, deleted at once) and
 * keeps the answer for a second, so probes cost at most one write a second. A read-only or full disk makes the host
 * not ready: it could not save an app, a user, an installed plugin or (embedded store) its sessions.
 *
 * <p>Details: {@code path}. The probe's name ends in {@code .tmp}, so a probe a crash left behind is deleted at the
 * next start with the other temporary files.
 */
public final class DataDirectoryCheck implements HealthCheck {
    /** The probe file's name. */
    static final String PROBE = ".ready-probe.tmp";
    private static final long MAX_AGE_MILLIS = 1_000;
    private static final byte[] CONTENT = "ready\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path root;
    private final Clock clock;
    private volatile Reading last;

    private record Reading(long at, ComponentHealth health) {
    }

    /** @param root the data directory @param clock the host's clock, which ages the kept answer */
    public DataDirectoryCheck(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    @Override
    public ComponentHealth check() {
        Reading reading = last;
        if (reading != null && fresh(reading)) return reading.health();
        return probeOnce();
    }

    /** One probe at a time (two would delete each other's file); a thread that waited takes the fresh answer. */
    private synchronized ComponentHealth probeOnce() {
        Reading reading = last;
        if (reading != null && fresh(reading)) return reading.health();
        ComponentHealth health = probe();
        last = new Reading(clock.millis(), health);
        return health;
    }

    private boolean fresh(Reading reading) {
        long age = clock.millis() - reading.at();
        return age >= 0 && age < MAX_AGE_MILLIS;
    }

    private ComponentHealth probe() {
        Path probe = root.resolve(PROBE);
        try {
            Files.write(probe, CONTENT);
            Files.delete(probe);
            return ComponentHealth.up(Map.of("path", root.toString()));
        } catch (IOException e) {
            return ComponentHealth.down("The data directory does not accept writes (" + e + "); free space or fix "
                    + "its permissions.", Map.of("path", root.toString()));
        }
    }
}
