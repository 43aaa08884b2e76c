package dev.sessionkit.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostCompatibilityTest {
    private final HostCompatibility host = new HostCompatibility("0.2.0");

    @Test
    void rangesFollowPf4jWithABareVersionMeaningThisOrNewer() {
        assertEquals(Optional.empty(), host.refusal(null));
        assertEquals(Optional.empty(), host.refusal(""));
        assertEquals(Optional.empty(), host.refusal("*"));
        assertEquals(Optional.empty(), host.refusal(">=0.1.0"));
        assertEquals(Optional.empty(), host.refusal("0.1.0"));
        assertEquals(Optional.empty(), host.refusal(">=0.1.0 & <1.0.0"));
        assertEquals(Optional.of("It requires host version >=0.3.0; this host is 0.2.0."), host.refusal("0.3.0"));
        assertTrue(host.refusal("<0.2.0").isPresent());
        assertTrue(host.refusal("not a range").orElseThrow().contains("cannot be read"));
    }

    @Test
    void versionsCompareSemantically() {
        assertTrue(HostCompatibility.compare("1.10.0", "1.9.0") > 0);
        assertEquals(0, HostCompatibility.compare("1.0.0", "1.0.0"));
        assertThrows(IllegalArgumentException.class, () -> HostCompatibility.compare("latest", "1.0.0"));
    }
}
