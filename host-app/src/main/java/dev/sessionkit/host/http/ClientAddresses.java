package dev.sessionkit.host.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address of the client behind each request, for per-client quotas. {@link #assign()} records it before every
 * request; {@link #of(Context)} reads it.
 *
 * <p>By default it is the address of the TCP peer. Behind a reverse proxy or a load balancer that peer is the proxy,
 * so every client would share one address (and one quota), unless the proxy's address is listed in
 * {@code trustedProxies}: for a request whose peer is trusted, the client is the right-most address of
 * {@code X-Forwarded-For} that is not itself a trusted proxy (addresses a client wrote into the header itself stand
 * to the left of what the proxies appended, so they are never believed). A request from an untrusted peer never has
 * its {@code X-Forwarded-For} read.
 *
 * <p>Addresses are compared in canonical form ({@code ::1} for {@code 0:0:0:0:0:0:0:1}, an IPv4-mapped IPv6 address
 * as IPv4); nothing is ever resolved through DNS. Thread-safe and immutable.
 */
public final class ClientAddresses {
    /** The header a reverse proxy appends the client's address to. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final String ATTRIBUTE = ClientAddresses.class.getName();
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::\\d{1,5})?");
    private static final Pattern IPV6 = Pattern.compile("\\[?([0-9A-Fa-f:.]+)(?:%[A-Za-z0-9._-]+)?\\]?(?::\\d{1,5})?");
    private static final int MAX_LENGTH = 64;

    private final Set<String> trustedProxies;

    /**
     * @param trustedProxies addresses (IPv4 or IPv6 literals) of the reverse proxies whose {@code X-Forwarded-For} is
     *                       believed; empty to believe none
     * @throws IllegalArgumentException naming an entry that is not an IP address
     */
    public ClientAddresses(Collection<String> trustedProxies) {
        Set<String> trusted = new LinkedHashSet<>();
        for (String proxy : trustedProxies) {
            String canonical = canonical(proxy.trim());
            if (canonical == null) {
                throw new IllegalArgumentException("'" + proxy + "' is not an IP address; list the addresses of "
                        + "trusted proxies, such as 10.0.0.5 or ::1");
            }
            trusted.add(canonical);
        }
        this.trustedProxies = Collections.unmodifiableSet(trusted);
    }

    /** @return a before-handler recording every request's client address */
    public Handler assign() {
        return ctx -> ctx.attribute(ATTRIBUTE, resolve(ctx.req().getRemoteAddr(), forwardedFor(ctx)));
    }

    /**
     * @param ctx a request
     * @return its client's address, as {@link #assign()} recorded it (the TCP peer's when it did not run)
     */
    public static String of(Context ctx) {
        String address = ctx.attribute(ATTRIBUTE);
        if (address != null) return address;
        String peer = ctx.req().getRemoteAddr();
        String canonical = canonical(peer);
        return canonical != null ? canonical : peer;
    }

    /**
     * @param peer         the TCP peer's address
     * @param forwardedFor the entries of {@code X-Forwarded-For}, left to right (empty when absent)
     * @return the client's address: the peer's, or, when the peer is a trusted proxy, the right-most forwarded address
     *         that is not a trusted proxy (the left-most when all are)
     */
    String resolve(String peer, List<String> forwardedFor) {
        String client = canonical(peer);
        if (client == null) client = peer;
        if (!trustedProxies.contains(client) || forwardedFor.isEmpty()) return client;
        for (int i = forwardedFor.size() - 1; i >= 0; i--) {
            String hop = shown(forwardedFor.get(i));
            if (!trustedProxies.contains(hop) || i == 0) return hop;
        }
        return client;
    }

    /** @return whether some proxies are trusted */
    public boolean trustsProxies() {
        return !trustedProxies.isEmpty();
    }

    private static List<String> forwardedFor(Context ctx) {
        Enumeration<String> headers = ctx.req().getHeaders(FORWARDED_FOR);
        if (headers == null || !headers.hasMoreElements()) return List.of();
        List<String> hops = new ArrayList<>();
        while (headers.hasMoreElements()) {
            for (String hop : headers.nextElement().split(",")) {
                if (!hop.isBlank()) hops.add(hop.trim());
            }
        }
        return hops;
    }

    /** A forwarded entry as a key: canonical when it is an address, else as written (at most 64 characters). */
    private static String shown(String hop) {
        String canonical = canonical(hop);
        if (canonical != null) return canonical;
        return hop.length() <= MAX_LENGTH ? hop : hop.substring(0, MAX_LENGTH);
    }

    /**
     * @param text an IPv4 or IPv6 literal, possibly with a port or in brackets
     * @return its canonical form, or null when it is not an IP address (never looked up)
     */
    static String canonical(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) return null;
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
            InetAddress address = InetAddress.getByName(v6.group(1));
            String host = address.getHostAddress();
            int zone = host.indexOf('%');
            return compress(zone < 0 ? host : host.substring(0, zone));
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
}
