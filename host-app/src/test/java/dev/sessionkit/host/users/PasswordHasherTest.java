package dev.sessionkit.host.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final int COST = 6;

    @Test
    void aHashMatchesItsPasswordOnlyAndEveryCharacterOfALongOneCounts() {
        PasswordHasher hasher = new PasswordHasher(COST);
        String hash = hasher.hash("correct horse battery staple");
        assertTrue(hasher.matches("correct horse battery staple", hash));
        assertFalse(hasher.matches("correct horse battery stapler", hash));

        String longPassword = "x".repeat(100);
        String longHash = hasher.hash(longPassword + "a");
        assertTrue(hasher.matches(longPassword + "a", longHash));
        assertFalse(hasher.matches(longPassword + "b", longHash), "bytes past bcrypt's 71 still count");
    }

    @Test
    void theDecoyCostsAsMuchAsAStoredHashAndMatchesNothing() {
        AtomicInteger checks = new AtomicInteger();
        PasswordHasher hasher = new PasswordHasher(COST, checks::incrementAndGet);
        BCrypt.Result decoy = BCrypt.verifyer().verify("decoy password that matches nothing".toCharArray(),
                hasher.decoy());
        assertTrue(decoy.validFormat, "a well-formed bcrypt hash: " + decoy.formatErrorMessage);
        assertEquals(COST, decoy.details.cost, "checking against it runs the configured cost's rounds");
        assertFalse(decoy.verified);

        hasher.spendCheckTime("any password");
        assertEquals(1, checks.get(), "counted as a password check");
    }
}
