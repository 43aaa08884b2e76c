package dev.sessionkit.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress direct = ClientAddress.trusting(List.of());
    private final ClientAddress behindProxies = ClientAddress.trusting(List.of("10.0.0.5", "10.0.0.6", "::1"));
    private final ClientAddress behindSubnet = ClientAddress.trusting(List.of("10.0.0.0/24", "fd00::/8"));

    @Test
    void withoutTrustedProxiesTheConnectionPeerIsTheClientWhateverTheHeaderSays() {
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
        assertEquals("10.0.0.6", behindProxies.resolve("10.0.0.5", List.of("10.0.0.6")), "all trusted: the left-most");
    }

    @Test
    void rangesInCidrNotationTrustAWholeSubnet() {
        assertEquals("198.51.100.1", behindSubnet.resolve("10.0.0.77", List.of("198.51.100.1", "10.0.0.3")));
        assertEquals("10.0.1.1", behindSubnet.resolve("10.0.1.1", List.of("198.51.100.1")), "outside the /24");
        assertEquals("198.51.100.1", behindSubnet.resolve("fd12::1", List.of("198.51.100.1")));
    }

    @Test
    void onlyAddressesAreCanonicalAndNothingIsLookedUp() {
        assertEquals("127.0.0.1", ClientAddress.canonical("127.0.0.1"));
        assertNull(ClientAddress.canonical("localhost"));
        assertNull(ClientAddress.canonical("300.1.1.1"));
        assertNull(ClientAddress.canonical("1.2.3"));
        assertNull(ClientAddress.canonical("1.2.3.4.5"));
        assertNull(ClientAddress.canonical("1..3.4"));
        assertNull(ClientAddress.canonical("1.2.3."));
        assertNull(ClientAddress.canonical("1.2.3.256"));
        assertNull(ClientAddress.canonical("1.2.3.1000"));
        String peer = "203.0.113.7";
        assertSame(peer, ClientAddress.canonical(peer), "a canonical IPv4 address is answered as it is");
        assertEquals("10.0.0.1", ClientAddress.canonical("010.000.0.01"), "leading zeros are dropped");
        assertEquals("10.0.0.1", ClientAddress.canonical("10.0.0.1:8080"), "a port is dropped");
        assertEquals("0.0.0.0", ClientAddress.canonical("0.0.0.0"));
        assertNull(ClientAddress.canonical("example.com"));
        assertThrows(IllegalArgumentException.class, () -> ClientAddress.trusting(List.of("proxy.internal")));
        assertThrows(IllegalArgumentException.class, () -> ClientAddress.trusting(List.of("10.0.0.0/33")));
    }
}
