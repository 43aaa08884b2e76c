package dev.sessionkit.host;

import dev.sessionkit.host.config.LaunchOptions;
import dev.sessionkit.host.config.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar sessionkit.jar [--port 7070] [--data-dir ./data] [--config FILE] ...}: the boot script.
 *
 * <p>Exit status: 0 after {@code --help} or a normal stop; 1 when the host cannot start; 2 for a bad option.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** @param args the command line, see {@link LaunchOptions#help()} */
    public static void main(String[] args) {
        // 1. Settings: command line > environment > config file > defaults. A mistake stops here, with the help.
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, System.getenv());
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println();
            System.err.println(LaunchOptions.help());
            System.exit(2);
            return;
        }
        if (options.helpRequested()) {
            System.out.println(LaunchOptions.help());
            return;
        }

        // 2. The host, built from the settings; nothing is read or written yet.
        SessionkitHost host = SessionkitHost.create(options::applyTo);

        // 3. SIGTERM or Ctrl-C: requests in flight finish, plugins stop, the store closes, the data dir is released.
        Runtime.getRuntime().addShutdownHook(new Thread(host::stop, "sessionkit-shutdown"));

        // 4. Start: data directory, first admin and default app on a first start, plugins, then HTTP.
        try {
            host.start();
        } catch (RuntimeException e) {
            LOG.error("Sessionkit could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }
}
