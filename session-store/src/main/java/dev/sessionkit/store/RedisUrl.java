package dev.sessionkit.store;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the Redis of the session store is, as an operator writes it. Immutable; {@link #toString()} never shows a
 * password.
 *
 * <ul>
 *   <li>{@code redis://[user:password@]host:port[/db]}: one Redis server ({@code rediss://} for TLS);</li>
 *   <li>{@code redis-cluster://[user:password@]host1:port1,host2:port2,...}: a Redis Cluster, given by one or more
 *       seed nodes (the others are discovered); {@code rediss-cluster://} for TLS. A cluster has no database number.
 *   </li>
 * </ul>
 */
public final class RedisUrl {
    private final boolean cluster;
    private final boolean tls;
    private final List<RedisURI> nodes;
    private final String shown;

    private RedisUrl(boolean cluster, boolean tls, List<RedisURI> nodes, String shown) {
        this.cluster = cluster;
        this.tls = tls;
        this.nodes = List.copyOf(nodes);
        this.shown = shown;
    }

    /**
     * @param url            the URL, as documented above
     * @param commandTimeout how long a command may take before it fails
     * @return the parsed URL
     * @throws IllegalArgumentException saying what is wrong with it (never repeating a password)
     */
    public static RedisUrl parse(String url, Duration commandTimeout) {
        Objects.requireNonNull(url, "url");
        int colon = url.indexOf("://");
        if (colon < 0) throw invalid("it has no scheme");
        String scheme = url.substring(0, colon);
        boolean cluster = scheme.endsWith("-cluster");
        String base = cluster ? scheme.substring(0, scheme.length() - "-cluster".length()) : scheme;
        if (!base.equals("redis") && !base.equals("rediss")) {
            throw invalid("the scheme '" + scheme + "' is not one of redis, rediss, redis-cluster, rediss-cluster");
        }
        boolean tls = base.equals("rediss");
        String rest = url.substring(colon + 3);
        int at = rest.lastIndexOf('@');
        String credentials = at < 0 ? "" : rest.substring(0, at + 1);
        String hosts = at < 0 ? rest : rest.substring(at + 1);
        String path = "";
        int slash = hosts.indexOf('/');
        if (slash >= 0) {
            path = hosts.substring(slash);
            hosts = hosts.substring(0, slash);
        }
        if (cluster && !path.isEmpty() && !path.equals("/")) {
            throw invalid("a Redis Cluster has no database number: leave out '" + path + "'");
        }
        String[] seeds = hosts.split(",");
        if (!cluster && seeds.length > 1) {
            throw invalid("several hosts need the scheme redis-cluster:// (or rediss-cluster://)");
        }
        List<RedisURI> nodes = new ArrayList<>();
        StringBuilder shown = new StringBuilder(scheme).append("://");
        for (String seed : seeds) {
            if (seed.isBlank()) throw invalid("a host is empty");
            RedisURI node = node(base + "://" + credentials + seed + path);
            node.setTimeout(commandTimeout);
            nodes.add(node);
            if (shown.charAt(shown.length() - 1) != '/') shown.append(',');
            shown.append(node.getHost()).append(':').append(node.getPort());
        }
        if (!cluster && nodes.get(0).getDatabase() != 0) shown.append('/').append(nodes.get(0).getDatabase());
        return new RedisUrl(cluster, tls, nodes, shown.toString());
    }

    private static RedisURI node(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null) throw invalid("'" + uri.getRawAuthority().replaceAll(".*@", "") + "' is not host:port");
        } catch (URISyntaxException e) {
            throw invalid("it is not a valid URL (" + e.getReason() + ")");
        }
        try {
            return RedisURI.create(text);
        } catch (IllegalArgumentException e) {
            throw invalid("it is not a valid Redis URL");
        }
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("The Redis URL is not valid: " + why + ". Write redis://[user:password@]"
                + "host:port[/db] (rediss:// for TLS), or redis-cluster://host1:port1,host2:port2 for a Redis Cluster.");
    }

    /** @return whether this names a Redis Cluster */
    public boolean cluster() {
        return cluster;
    }

    /** @return whether connections use TLS */
    public boolean tls() {
        return tls;
    }

    /** @return the server, or the cluster's seed nodes, with credentials and timeout set */
    List<RedisURI> nodes() {
        return nodes;
    }

    /** @return the URL without credentials, for logs and {@code /health} */
    @Override
    public String toString() {
        return shown;
    }
}
