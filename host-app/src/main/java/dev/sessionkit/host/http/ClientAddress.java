package dev.sessionkit.host.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address a request comes from, as limits per client (sign-in throttling, the anonymous quota) count it, and as
 * {@code ctx.ip()} answers everywhere in the host (the host installs {@link #of(Context)} as Javalin's IP resolver).
 *
 * <p>It is the address of the connection's peer, unless that peer is a trusted proxy ({@code --trusted-proxies}):
 * then it is the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy, the address the
 * nearest trusted proxy saw (the left-most entry when all are trusted). Entries to the left of it are whatever the
 * client sent and are never believed, and a peer that is not a trusted proxy cannot name another address at all. A
 * trusted peer that sends no header is the client itself.
 *
 * <p>Trusted proxies are IP addresses ({@code 10.0.0.7}, {@code ::1}) or ranges in CIDR notation
 * ({@code 10.0.0.0/8}, {@code fd00::/8}); host names are refused (the host never resolves names to trust them).
 * Addresses are answered in canonical form ({@code ::1} for {@code 0:0:0:0:0:0:0:1}, an IPv4-mapped IPv6 address as
 * IPv4, without port or brackets), so one client is one key whatever way a proxy writes it. Immutable and thread-safe.
 */
public final class ClientAddress {
    /** The header a reverse proxy appends the client's address to. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::\\d{1,5})?");
    private static final Pattern IPV6 = Pattern.compile("\\[?([0-9A-Fa-f:.]+)(?:%[A-Za-z0-9._-]+)?\\]?(?::\\d{1,5})?");
    private static final int MAX_LENGTH = 64;
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
    public static ClientAddress trusting(Collection<String> proxies) {
        List<Range> ranges = new ArrayList<>();
        for (String proxy : proxies) {
            ranges.add(Range.parse(proxy.trim()));
        }
        return new ClientAddress(List.copyOf(ranges));
    }

    /** @param ctx a request @return the client's address */
    public String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (trusted.isEmpty()) {
            return orAsWritten(peer);
        }
        return resolve(peer, forwardedFor(ctx));
    }

    /**
     * @param peer         the connection peer's address
     * @param forwardedFor the entries of {@code X-Forwarded-For}, left to right (empty when absent)
     * @return the client's address, as the class comment says
     */
    String resolve(String peer, List<String> forwardedFor) {
        String client = orAsWritten(peer);
        if (!isTrusted(client) || forwardedFor.isEmpty()) return client;
        for (int i = forwardedFor.size() - 1; i >= 0; i--) {
            String hop = orAsWritten(forwardedFor.get(i));
            if (!isTrusted(hop) || i == 0) return hop;
        }
        return client;
    }

    private static List<String> forwardedFor(Context ctx) {
        Enumeration<String> headers = ctx.req().getHeaders(FORWARDED_FOR);
        if (headers == null || !headers.hasMoreElements()) return List.of();
        List<String> hops = new ArrayList<>();
        while (headers.hasMoreElements() && hops.size() < MAX_FORWARDED_ENTRIES) {
            for (String hop : headers.nextElement().split(",", MAX_FORWARDED_ENTRIES + 1)) {
                if (!hop.isBlank()) hops.add(hop.trim());
            }
        }
        // The right-most entries are the ones proxies appended; a client cannot push them out with a long header.
        return hops.size() <= MAX_FORWARDED_ENTRIES ? hops : hops.subList(hops.size() - MAX_FORWARDED_ENTRIES, hops.size());
    }

    private boolean isTrusted(String canonical) {
        InetAddress parsed = literal(canonical);
        if (parsed == null) return false;
        for (Range range : trusted) {
            if (range.contains(parsed)) return true;
        }
        return false;
    }

    /** An entry as a key: canonical when it is an address, else as written (at most 64 characters). */
    private static String orAsWritten(String text) {
        String canonical = canonical(text);
        if (canonical != null) return canonical;
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH);
    }

    /**
     * @param text an IPv4 or IPv6 literal, possibly with a port or in brackets
     * @return its canonical form, or null when it is not an IP address (never looked up)
     */
    static String canonical(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) return null;
        if (isCanonicalIpv4(text)) return text; // how Jetty writes an IPv4 peer: no pattern, no copy per request
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            StringBuilder address = new StringBuilder();
            for (int part = 1; part <= 4; part++) {
                int value = Integer.parseInt(v4.group(part));
                if (value > 255) return null;
                address.append(part > 1 ? "." : "").append(value);
            }
            return address.toString();
        }
        Matcher v6 = IPV6.matcher(text);
        if (!v6.matches() || v6.group(1).indexOf(':') < 0) return null;
        try {
            // The text holds a ':', so InetAddress parses it as an IPv6 literal and never asks DNS.
            String host = InetAddress.getByName(v6.group(1)).getHostAddress();
            int zone = host.indexOf('%');
            return compress(zone < 0 ? host : host.substring(0, zone));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** @return whether {@code text} is four decimal numbers 0–255 joined by dots, none with a leading zero */
    private static boolean isCanonicalIpv4(String text) {
        int dots = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (digits == 0 || ++dots > 3) return false;
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) return false; // a leading zero: the slow path writes it without
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) return false;
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
    }

    /** @return the address when {@code text} is an IP address literal (never a name lookup), else null */
    private static InetAddress literal(String text) {
        String canonical = canonical(text);
        if (canonical == null) return null;
        try {
            return InetAddress.getByName(canonical);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Java writes IPv6 in full ({@code 0:0:0:0:0:0:0:1}); the usual short form ({@code ::1}) is kept instead. */
    private static String compress(String address) {
        if (address.indexOf(':') < 0) return address;
        String[] groups = address.toLowerCase(Locale.ROOT).split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < groups.length; i++) {
            int length = 0;
            while (i + length < groups.length && groups[i + length].equals("0")) length++;
            if (length > bestLength && length > 1) {
                bestStart = i;
                bestLength = length;
            }
        }
        if (bestStart < 0) return String.join(":", groups);
        String left = String.join(":", List.of(groups).subList(0, bestStart));
        String right = String.join(":", List.of(groups).subList(bestStart + bestLength, groups.length));
        return left + "::" + right;
    }

    /** An address and the number of leading bits that must match. */
    private record Range(byte[] network, int prefixBits) {
        static Range parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress parsed = literal(address);
            if (parsed == null) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or a CIDR range; list the "
                        + "addresses of trusted proxies, such as 10.0.0.5, ::1 or 10.0.0.0/8");
            }
            int bits = parsed.getAddress().length * 8;
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
            return new Range(parsed.getAddress(), prefix);
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
