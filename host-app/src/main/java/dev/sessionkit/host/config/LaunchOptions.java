package dev.sessionkit.host.config;

import dev.sessionkit.host.HostConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The host's settings as given at launch: command-line options, environment variables and a config file, resolved
 * with the precedence <em>command line &gt; environment &gt; config file &gt; defaults</em>.
 *
 * <ul>
 *   <li>Every {@link Setting} has the three forms {@code --port 7071} (or {@code --port=7071}),
 *       {@code SESSIONKIT_PORT=7071} and {@code port=7071} in the file. An empty environment variable counts as
 *       unset.</li>
 *   <li>The config file is named by {@code --config FILE} or {@code SESSIONKIT_CONFIG}; it is a Java
 *       {@code .properties} file in UTF-8. A missing file or an unknown key is an error, so typos never go
 *       unnoticed. Relative paths in it are relative to the working directory.</li>
 *   <li>{@code SESSIONKIT_ADMIN_PASSWORD} (environment only: a secret never belongs on a command line) sets the first
 *       admin's password.</li>
 *   <li>{@code --help} (or {@code -h}) asks for {@link #help()}.</li>
 * </ul>
 *
 * <p>Immutable once parsed; {@link #applyTo} may be called from any thread.
 */
public final class LaunchOptions {
    /** The option and variable naming the config file. */
    public static final String CONFIG_OPTION = "--config";
    public static final String CONFIG_VARIABLE = Setting.environmentVariable("config");
    /** The environment variable holding the first admin's password. */
    public static final String ADMIN_PASSWORD_VARIABLE = "SESSIONKIT_ADMIN_PASSWORD";

    private final boolean helpRequested;
    private final Map<Setting, Given> values;
    private final String adminPassword;

    /** A raw value and where it came from, for error messages. */
    private record Given(String value, String source) {
    }

    private LaunchOptions(boolean helpRequested, Map<Setting, Given> values, String adminPassword) {
        this.helpRequested = helpRequested;
        this.values = values;
        this.adminPassword = adminPassword;
    }

    /**
     * Reads the command line, the environment and the config file they name, and checks every value.
     *
     * @param args        the command-line arguments
     * @param environment the environment variables (normally {@code System.getenv()})
     * @return the resolved options
     * @throws UsageException for an unknown option or key, a missing value or file, or a value that does not parse,
     *                        naming where it came from
     */
    public static LaunchOptions parse(String[] args, Map<String, String> environment) throws UsageException {
        Map<Setting, Given> commandLine = new EnumMap<>(Setting.class);
        String configFile = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("Unexpected argument '" + arg
                        + "': options start with --, such as --port 7071.");
            }
            int equals = arg.indexOf('=');
            String option = equals < 0 ? arg : arg.substring(0, equals);
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException("Option " + option + " needs a value, such as " + option + " VALUE.");
            }
            if (option.equals(CONFIG_OPTION)) {
                configFile = value;
                continue;
            }
            Setting setting = Setting.byKey(option.substring(2));
            if (setting == null) {
                throw new UsageException("Unknown option '" + option + "'. Run with --help to list the options.");
            }
            if (commandLine.put(setting, new Given(value, option)) != null) {
                throw new UsageException("Option " + option + " is given twice; give it once.");
            }
        }
        if (help) {
            return new LaunchOptions(true, Map.of(), null);
        }
        if (configFile == null) {
            configFile = nonEmpty(environment.get(CONFIG_VARIABLE));
        }

        Map<Setting, Given> resolved = new EnumMap<>(Setting.class);
        if (configFile != null) {
            resolved.putAll(readFile(Path.of(configFile)));
        }
        for (Setting setting : Setting.values()) {
            String value = nonEmpty(environment.get(setting.environmentVariable()));
            if (value != null) {
                resolved.put(setting, new Given(value, setting.environmentVariable()));
            }
        }
        resolved.putAll(commandLine);

        LaunchOptions options = new LaunchOptions(false, resolved, nonEmpty(environment.get(ADMIN_PASSWORD_VARIABLE)));
        options.check();
        return options;
    }

    /** @return whether {@code --help} was given (then nothing else was read) */
    public boolean helpRequested() {
        return helpRequested;
    }

    /**
     * Sets every given value on {@code config}; settings not given keep the config's values.
     *
     * @param config the config to fill
     */
    public void applyTo(HostConfig config) {
        values.forEach((setting, given) -> setting.apply(config, given.value()));
        if (adminPassword != null) {
            config.initialAdminPassword = adminPassword;
        }
    }

    /** @return the text printed for {@code --help}: usage, every setting in its three forms, and its default */
    public static String help() {
        HostConfig defaults = new HostConfig();
        StringBuilder text = new StringBuilder("""
                Usage: java -jar sessionkit.jar [options]

                Every option is also an environment variable and a key of the config file; the command line wins
                over the environment, which wins over the file.

                  --config FILE  (SESSIONKIT_CONFIG)
                      a .properties file with any of the keys below
                """);
        for (Setting setting : Setting.values()) {
            text.append(String.format("  %s VALUE  (%s, key %s)%n      %s; default %s%n", setting.option(),
                    setting.environmentVariable(), setting.key(), setting.description(), setting.show(defaults)));
        }
        text.append("""

                Durations: 90s, 30m, 8h, 1d or ISO-8601 (PT30M). Sizes: bytes, or KB, MB, GB (powers of 1024).
                SESSIONKIT_ADMIN_PASSWORD (environment only): the first admin's password; when unset a strong one is
                generated on the first start, printed once and kept in <data-dir>/secrets/initial-admin-password.
                """);
        return text.toString();
    }

    /** Applies everything to a scratch config so that bad values fail now, naming their source. */
    private void check() throws UsageException {
        HostConfig scratch = new HostConfig();
        for (Map.Entry<Setting, Given> entry : values.entrySet()) {
            Given given = entry.getValue();
            try {
                entry.getKey().apply(scratch, given.value());
            } catch (IllegalArgumentException e) {
                throw new UsageException("Invalid value '" + given.value() + "' for " + given.source() + ": "
                        + e.getMessage() + ".");
            }
        }
        try {
            scratch.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException("Invalid settings: " + e.getMessage() + ".");
        }
    }

    private static Map<Setting, Given> readFile(Path file) throws UsageException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new UsageException("Config file " + file.toAbsolutePath() + " does not exist.");
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("Cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        Map<Setting, Given> values = new EnumMap<>(Setting.class);
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            Setting setting = Setting.byKey(key);
            if (setting == null) {
                throw new UsageException("Unknown key '" + key + "' in config file " + file
                        + ". Run with --help to list the keys.");
            }
            values.put(setting, new Given(properties.getProperty(key), "key " + key + " in " + file));
        }
        return values;
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public String toString() {
        return "LaunchOptions" + Objects.toString(values.keySet());
    }
}
