package dev.sessionkit.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private final ClientAddresses direct = new ClientAddresses(List.of());
    private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.5", "10.0.0.6", "::1"));

    @Test
    void withoutTrustedProxiesTheTcpPeerIsTheClientWhateverTheHeaderSays() {
        assertEquals("203.0.113.9", direct.resolve("203.0.113.9", List.of("198.51.100.1")));
        assertEquals("::1", direct.resolve("0:0:0:0:0:0:0:1", List.of()));
    }

    @Test
    void aTrustedProxyIsBelievedAndWhatTheClientWroteItselfIsNot() {
        assertEquals("198.51.100.1", behindProxies.resolve("10.0.0.5", List.of("198.51.100.1")));
        assertEquals("198.51.100.1", behindProxies.resolve("10.0.0.5",
                List.of("6.6.6.6", "198.51.100.1", "10.0.0.6")), "the right-most untrusted hop, past chained proxies");
        assertEquals("10.0.0.5", behindProxies.resolve("10.0.0.5", List.of()), "no header: the proxy itself");
        assertEquals("203.0.113.9", behindProxies.resolve("203.0.113.9", List.of("198.51.100.1")),
                "an untrusted peer's header is never read");
        assertEquals("2001:db8::7", behindProxies.resolve("[0:0:0:0:0:0:0:1]", List.of("[2001:DB8:0:0:0:0:0:7]:443")));
        assertEquals("198.51.100.1", behindProxies.resolve("::ffff:10.0.0.5", List.of("198.51.100.1:5000")));
    }

    @Test
    void onlyAddressesAreCanonicalAndNothingIsLookedUp() {
        assertEquals("127.0.0.1", ClientAddresses.canonical("127.0.0.1"));
        assertNull(ClientAddresses.canonical("localhost"));
        assertNull(ClientAddresses.canonical("300.1.1.1"));
        assertNull(ClientAddresses.canonical("1.2.3"));
        assertNull(ClientAddresses.canonical("example.com"));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(List.of("proxy.internal")));
    }
}
