package dev.sessionkit.host.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request comes from, as limits per client (sign-in throttling) count it, and as {@code ctx.ip()}
 * answers everywhere in the host.
 *
 * <p>It is the address of the connection's peer, unless that peer is a trusted proxy ({@code --trusted-proxies}):
 * then it is the last (rightmost) {@code X-Forwarded-For} entry that is not itself a trusted proxy, the address the
 * nearest trusted proxy saw. Entries to the left of it are whatever the client sent and are never believed, and a
 * peer that is not a trusted proxy cannot name another address at all. A trusted peer that sends no usable header is
 * the client itself.
 *
 * <p>Trusted proxies are IP addresses ({@code 10.0.0.7}, {@code ::1}) or ranges in CIDR notation
 * ({@code 10.0.0.0/8}, {@code fd00::/8}); host names are refused (the host never resolves names to trust them).
 * Immutable and thread-safe.
 */
public final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** An IPv6 literal (a colon is never part of a name, so the JDK parses it without a lookup). */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int MAX_FORWARDED_ENTRIES = 32;

    private final List<Range> trusted;

    private ClientAddress(List<Range> trusted) {
        this.trusted = trusted;
    }

    /**
     * @param proxies trusted proxies: addresses or CIDR ranges; empty trusts none
     * @return the resolver
     * @throws IllegalArgumentException naming an entry that is not an IP address or a CIDR range
     */
    public static ClientAddress trusting(List<String> proxies) {
        List<Range> ranges = new ArrayList<>();
        for (String proxy : proxies) {
            ranges.add(Range.parse(proxy.trim()));
        }
        return new ClientAddress(List.copyOf(ranges));
    }

    /** @param ctx a request @return the client's address */
    public String of(Context ctx) {
        String peer = unbracket(ctx.req().getRemoteAddr());
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = new ArrayList<>();
        Enumeration<String> headers = ctx.req().getHeaders("X-Forwarded-For");
        for (String header : headers == null ? List.<String>of() : Collections.list(headers)) {
            for (String entry : header.split(",", MAX_FORWARDED_ENTRIES + 1)) {
                forwarded.add(unbracket(entry.trim()));
            }
        }
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String entry = forwarded.get(i);
            if (entry.isEmpty()) continue;
            if (!isTrusted(entry)) return entry;
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = literal(address);
        if (parsed == null) return false;
        for (Range range : trusted) {
            if (range.contains(parsed)) return true;
        }
        return false;
    }

    private static String unbracket(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    /** @return the address when {@code text} is an IP address literal (never a name lookup), else null */
    private static InetAddress literal(String text) {
        boolean literal = text.indexOf(':') < 0 ? IPV4.matcher(text).matches() : IPV6.matcher(text).matches();
        if (!literal) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address and the number of leading bits that must match. */
    private record Range(byte[] network, int prefixBits) {
        static Range parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or a CIDR range such as "
                        + "10.0.0.0/8");
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0 to " + bits);
                }
            }
            return new Range(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) return false;
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) return false;
            }
            int rest = prefixBits % 8;
            if (rest == 0) return true;
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }
}
