package dev.sessionkit.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void durationsReadShortAndIsoFormsAndPrintTheShortOne() {
        assertEquals(Duration.ofMillis(250), Units.duration("250ms"));
        assertEquals(Duration.ofSeconds(90), Units.duration(" 90s "));
        assertEquals(Duration.ofHours(8), Units.duration("8H"));
        assertEquals(Duration.ofDays(1), Units.duration("1d"));
        assertEquals(Duration.ofMinutes(30), Units.duration("pt30m"));
        assertThrows(IllegalArgumentException.class, () -> Units.duration("0s"));
        assertThrows(IllegalArgumentException.class, () -> Units.duration("-PT1S"));
        assertThrows(IllegalArgumentException.class, () -> Units.duration("soon"));
        assertEquals("30m", Units.format(Duration.ofMinutes(30)));
        assertEquals("8h", Units.format(Duration.ofHours(8)));
        assertEquals("90s", Units.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", Units.format(Duration.ofMillis(1500)));
    }

    @Test
    void sizesArePowersOf1024() {
        assertEquals(65_536, Units.bytes("64KB"));
        assertEquals(65_536, Units.bytes("64 KiB"));
        assertEquals(1 << 20, Units.bytes("1mb"));
        assertEquals(3L << 30, Units.bytes("3GB"));
        assertEquals(100, Units.bytes("100"));
        assertThrows(IllegalArgumentException.class, () -> Units.bytes("1TB"));
        assertThrows(IllegalArgumentException.class, () -> Units.bytes("999999999999999GB"));
        assertEquals("64KB", Units.formatBytes(65_536));
        assertEquals("256MB", Units.formatBytes(256L << 20));
        assertEquals("1000B", Units.formatBytes(1000));
    }

    @Test
    void integersAreRangeChecked() {
        assertEquals(5, Units.integer(" 5 ", 1, 10));
        assertThrows(IllegalArgumentException.class, () -> Units.integer("11", 1, 10));
        assertThrows(IllegalArgumentException.class, () -> Units.integer("1.5", 1, 10));
    }
}
