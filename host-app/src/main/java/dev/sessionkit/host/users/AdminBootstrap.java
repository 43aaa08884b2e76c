package dev.sessionkit.host.users;

import dev.sessionkit.host.storage.AtomicFile;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first admin on a first start (no accounts yet), as Jenkins does.
 *
 * <p>The username is {@value #USERNAME}. The password is the one given ({@code SESSIONKIT_ADMIN_PASSWORD}); without
 * one, a strong password is generated, printed once to the console in a banner (never through the logger) and
 * stored in {@code <data-dir>/secrets/initial-admin-password}, readable by the owner only. On later starts nothing
 * happens; a given password is then ignored.
 */
public final class AdminBootstrap {
    /** The first admin's username. */
    public static final String USERNAME = "admin";

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 24;

    private final UserAccounts accounts;
    private final Path passwordFile;
    private final PrintStream console;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param accounts     the accounts
     * @param passwordFile where a generated password is stored, {@code <data-dir>/secrets/initial-admin-password};
     *                     its directory must exist
     * @param console      where the banner is printed
     */
    public AdminBootstrap(UserAccounts accounts, Path passwordFile, PrintStream console) {
        this.accounts = accounts;
        this.passwordFile = passwordFile;
        this.console = console;
    }

    /**
     * Creates the first admin if there are no accounts.
     *
     * @param givenPassword the password from the environment, or null to generate one
     * @throws dev.sessionkit.api.error.InvalidInputException when the given password breaks the password policy
     */
    public void ensureAdmin(String givenPassword) {
        if (!accounts.isEmpty()) {
            if (givenPassword != null) {
                LOG.info("SESSIONKIT_ADMIN_PASSWORD is ignored: accounts exist already");
            }
            return;
        }
        String password = givenPassword != null ? givenPassword : generatePassword();
        if (!accounts.createFirst(USERNAME, password, Role.ADMIN)) {
            LOG.info("Another host of the cluster created the first admin just now; use its password");
            return;
        }
        if (givenPassword != null) {
            LOG.info("Created the first admin '{}' with the password from SESSIONKIT_ADMIN_PASSWORD", USERNAME);
            return;
        }
        AtomicFile.write(passwordFile, (password + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        printBanner(password);
        LOG.info("Created the first admin '{}' with a generated password, stored in {}", USERNAME, passwordFile);
    }

    private String generatePassword() {
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private void printBanner(String password) {
        String line = "*".repeat(72);
        console.println();
        console.println(line);
        console.println("Sessionkit created the first admin. Sign in with:");
        console.println();
        console.println("    username: " + USERNAME);
        console.println("    password: " + password);
        console.println();
        console.println("This password is shown only once. It is also stored, readable by this OS user only, in");
        console.println("    " + passwordFile.toAbsolutePath());
        console.println(line);
        console.println();
        console.flush();
    }
}
