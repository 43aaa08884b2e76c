package dev.sessionkit.host.plugins;

import java.util.Objects;
import java.util.Optional;
import org.pf4j.DefaultVersionManager;
import org.pf4j.VersionManager;

/**
 * Whether a plugin's {@code requires} range ({@code Plugin-Requires} in its manifest, {@code requires} of a release
 * in a repository's {@code plugins.json}) admits this host's version, with PF4J's own rules: an empty range or
 * {@code *} admits every host, and a bare version {@code 0.1.0} means {@code >=0.1.0}.
 *
 * <p>Immutable and thread-safe.
 */
public final class HostCompatibility {
    private static final VersionManager VERSIONS = new DefaultVersionManager();

    private final String hostVersion;

    /** @param hostVersion this host's version, such as {@code 0.1.0} */
    public HostCompatibility(String hostVersion) {
        this.hostVersion = Objects.requireNonNull(hostVersion, "hostVersion");
    }

    /** @return this host's version */
    public String hostVersion() {
        return hostVersion;
    }

    /**
     * @param requires a requires range, or null
     * @return why the range excludes this host, or empty when it admits it
     */
    public Optional<String> refusal(String requires) {
        String range = requires == null ? "" : requires.trim();
        if (range.matches("\\d+\\.\\d+\\.\\d+")) {
            range = ">=" + range;
        }
        try {
            if (VERSIONS.checkVersionConstraint(hostVersion, range)) {
                return Optional.empty();
            }
            return Optional.of("It requires host version " + range + "; this host is " + hostVersion + ".");
        } catch (RuntimeException e) {
            return Optional.of("Its requires range '" + range + "' cannot be read (" + e.getMessage() + "); ranges "
                    + "look like '>=0.1.0' or '>=0.1.0 & <1.0.0'.");
        }
    }

    /**
     * @param left  a version
     * @param right another version
     * @return negative, zero or positive as {@code left} is older than, the same as or newer than {@code right}
     * @throws IllegalArgumentException when a version is not a semantic version
     */
    public static int compare(String left, String right) {
        try {
            return VERSIONS.compareVersions(left, right);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + left + "' or '" + right + "' is not a version such as 1.2.0", e);
        }
    }
}
