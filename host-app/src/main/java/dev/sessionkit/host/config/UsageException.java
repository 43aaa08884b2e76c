package dev.sessionkit.host.config;

/**
 * The command line, the environment or the config file asks for something the host cannot do: an unknown option, a
 * value that does not parse or is out of range. The message names the option, where it came from, and what is
 * accepted; {@code Main} prints it with the {@code --help} text and exits with status 2.
 */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what is accepted */
    public UsageException(String message) {
        super(message);
    }
}
