package dev.sessionkit.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The host's version, the one plugins declare compatibility with in {@code Plugin-Requires}. Read from the resource
 * {@code dev/sessionkit/host/version.properties}, which the build fills from the parent pom's
 * {@code sessionkit.host.version}.
 */
public final class HostVersion {
    private static final String RESOURCE = "version.properties";

    private HostVersion() {
    }

    /**
     * @return the version, such as {@code 0.1.0}
     * @throws IllegalStateException when the resource is missing or was not filtered (a broken build)
     */
    public static String current() {
        Properties properties = new Properties();
        try (InputStream in = HostVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The resource dev/sessionkit/host/" + RESOURCE + " is missing; "
                        + "build the host with Maven (mvn package), which generates it.");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dev/sessionkit/host/" + RESOURCE, e);
        }
        String version = properties.getProperty("version", "");
        if (!version.matches("\\d+\\.\\d+\\.\\d+.*")) {
            throw new IllegalStateException("dev/sessionkit/host/" + RESOURCE + " holds no version ('" + version
                    + "'); build the host with Maven (mvn package), which fills it in.");
        }
        return version;
    }
}
