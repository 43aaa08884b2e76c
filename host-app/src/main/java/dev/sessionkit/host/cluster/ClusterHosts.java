package dev.sessionkit.host.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.host.plugins.MethodRegistry;
import dev.sessionkit.host.plugins.PluginReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The hosts of a cluster, as each reports itself: every second a host writes its heartbeat to
 * {@code {ns}:host:members} (its id, name, version, start, the plugins it runs with their state, the version of the
 * cluster's plugins it has applied and what it could not apply). {@link #list} is what {@code GET /api/cluster}
 * shows; a host silent for {@value #ALIVE_SECONDS} seconds counts as gone, and its entry is dropped after a day.
 * Thread-safe.
 */
public final class ClusterHosts {
    private static final long ALIVE_SECONDS = 5;
    private static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final SharedState shared;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String hostId = UUID.randomUUID().toString();
    private final String name = hostName();
    private final String version;
    private final Instant startedAt;

    /**
     * @param shared  the cluster's shared state
     * @param mapper  the host's mapper
     * @param clock   the host's clock
     * @param version the host's version
     */
    public ClusterHosts(SharedState shared, ObjectMapper mapper, Clock clock, String version) {
        this.shared = shared;
        this.mapper = mapper;
        this.clock = clock;
        this.version = version;
        this.startedAt = clock.instant();
    }

    /**
     * Starts the heartbeat.
     *
     * @param registry        this host's plugins
     * @param appliedPlugins  the version of the cluster's plugins this host has applied
     * @param pluginProblems  the plugins this host could not bring to the cluster's state, with the reason
     */
    public void beat(Supplier<MethodRegistry> registry, Supplier<Long> appliedPlugins,
                     Supplier<Map<String, String>> pluginProblems) {
        shared.every(1000, () -> {
            ObjectNode me = mapper.createObjectNode().put("hostId", hostId).put("name", name).put("version", version)
                    .put("startedAt", startedAt.toString()).put("lastSeen", clock.instant().toString())
                    .put("appliedPluginsVersion", appliedPlugins.get());
            ArrayNode plugins = me.putArray("plugins");
            for (PluginReport plugin : registry.get().plugins()) {
                plugins.addObject().put("id", plugin.id()).put("version", plugin.version()).put("state", plugin.state())
                        .put("error", plugin.error());
            }
            ObjectNode problems = me.putObject("pluginProblems");
            pluginProblems.get().forEach(problems::put);
            String key = shared.key("members");
            shared.call("The cluster's hosts", commands -> commands.hset(key, hostId, me.toString()));
        });
    }

    /** @return every host heard from in the last day, with {@code alive} and {@code secondsSinceLastSeen} added */
    public ArrayNode list() {
        String key = shared.key("members");
        Map<String, String> all = shared.call("The cluster's hosts", commands -> commands.hgetall(key));
        Instant now = clock.instant();
        ArrayNode hosts = mapper.createArrayNode();
        all.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            JsonNode host = parse(entry.getValue());
            Instant lastSeen = Instant.parse(host.path("lastSeen").asText());
            long silent = Math.max(0, Duration.between(lastSeen, now).toSeconds());
            if (silent > FORGET_AFTER.toSeconds()) {
                shared.call("The cluster's hosts", commands -> commands.hdel(key, entry.getKey()));
                return;
            }
            ObjectNode shown = ((ObjectNode) host).put("alive", silent <= ALIVE_SECONDS)
                    .put("secondsSinceLastSeen", silent).put("thisHost", entry.getKey().equals(hostId));
            hosts.add(shown);
        });
        return hosts;
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("A host's heartbeat in Redis is not JSON", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
