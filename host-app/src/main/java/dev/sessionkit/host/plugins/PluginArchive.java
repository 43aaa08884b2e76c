package dev.sessionkit.host.plugins;

import dev.sessionkit.api.error.UnprocessableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * A plugin jar checked before the host installs it: every entry path is safe, and the manifest names the plugin.
 *
 * <p>An entry path is unsafe when it is absolute ({@code /x}, {@code C:x}), uses a backslash, or has an empty,
 * {@code .} or {@code ..} segment: such an archive could write outside its directory if anything ever unpacked it
 * (the "zip slip"), and no tool builds one by accident, so it is refused whole.
 *
 * <p>Immutable; thread-safe. Components are never null.
 *
 * @param id       {@code Plugin-Id}
 * @param version  {@code Plugin-Version}
 * @param requires {@code Plugin-Requires}, or {@code ""} (any host)
 * @param name        {@code Plugin-Name}, or the id
 * @param description {@code Plugin-Description}, or {@code ""}
 * @param provider    {@code Plugin-Provider}, or {@code ""}
 */
public record PluginArchive(String id, String version, String requires, String name, String description,
                            String provider) {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /**
     * Reads and checks a jar.
     *
     * @param jar the file
     * @return what its manifest says
     * @throws UnprocessableException code {@code UNSAFE_ARCHIVE} for an unsafe entry path, {@code NOT_A_PLUGIN} when it
     *                                is not a readable jar or its manifest lacks a usable {@code Plugin-Id} or
     *                                a semantic {@code Plugin-Version}
     */
    public static PluginArchive inspect(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String entry = entries.nextElement().getName();
                if (!safe(entry)) {
                    throw new UnprocessableException("UNSAFE_ARCHIVE", "The archive " + jar.getFileName()
                            + " has an entry with an unsafe path ('" + entry + "'): absolute, with a backslash or with "
                            + "'..' segments. It was refused; rebuild the plugin with Maven's jar plugin.",
                            Map.of("file", jar.getFileName().toString(), "entry", entry));
                }
            }
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            String id = main.getValue("Plugin-Id");
            String version = main.getValue("Plugin-Version");
            if (id == null || version == null || !SAFE_NAME.matcher(id).matches()
                    || !SAFE_NAME.matcher(version).matches()) {
                throw notAPlugin(jar, "its manifest needs a Plugin-Id and a Plugin-Version made of letters, digits, "
                        + "dots, dashes and underscores (see docs/plugin-authoring.md)");
            }
            try {
                HostCompatibility.compare(version, version);
            } catch (IllegalArgumentException e) {
                throw notAPlugin(jar, "its Plugin-Version '" + version + "' is not a semantic version such as 1.2.0");
            }
            String requires = main.getValue("Plugin-Requires");
            String name = main.getValue("Plugin-Name");
            return new PluginArchive(id, version, requires == null ? "" : requires.trim(),
                    name == null || name.isBlank() ? id : name, orEmpty(main.getValue("Plugin-Description")),
                    orEmpty(main.getValue("Plugin-Provider")));
        } catch (IOException | SecurityException e) {
            throw notAPlugin(jar, "it is not a readable jar (" + e.getMessage() + ")");
        }
    }

    /**
     * @param folder a folder of plugin jars
     * @return its {@code *.jar} files, sorted by name
     * @throws UncheckedIOException when it cannot be listed
     */
    public static List<Path> jarsIn(Path folder) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jar")) {
            files.forEach(jars::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
        jars.sort(null);
        return jars;
    }

    /** @return the file name the host installs this plugin under: {@code <id>-<version>.jar} */
    public String fileName() {
        return id + "-" + version + ".jar";
    }

    /**
     * @param id      a plugin id
     * @param version its version
     * @return what a repository announces for a release, to compare with the jar's manifest
     */
    public static PluginArchive announced(String id, String version) {
        return new PluginArchive(id, version, "", id, "", "");
    }

    /** Trims and folds runs of white space (Maven writes a pom's line breaks into the manifest). */
    private static String orEmpty(String value) {
        return value == null ? "" : value.trim().replaceAll("\\s+", " ");
    }

    static boolean safe(String entry) {
        if (entry.isEmpty() || entry.startsWith("/") || entry.indexOf('\\') >= 0 || entry.indexOf(':') >= 0
                || entry.indexOf('\0') >= 0) {
            return false;
        }
        String[] segments = entry.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean lastOfDirectory = i == segments.length - 1 && segment.isEmpty() && i > 0;
            if (!lastOfDirectory && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
                return false;
            }
        }
        return true;
    }

    private static UnprocessableException notAPlugin(Path jar, String why) {
        return new UnprocessableException("NOT_A_PLUGIN", "The file " + jar.getFileName() + " is not a Sessionkit "
                + "plugin jar: " + why + ".", Map.of("file", jar.getFileName().toString()));
    }
}
