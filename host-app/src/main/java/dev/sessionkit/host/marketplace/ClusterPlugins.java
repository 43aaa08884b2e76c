package dev.sessionkit.host.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.plugins.PluginArchive;
import dev.sessionkit.host.plugins.PluginHost;
import dev.sessionkit.host.plugins.PluginReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of a cluster: install, update, enable, disable and uninstall on any host change the cluster's desired
 * plugins, and every host converges to them without a restart.
 *
 * <h2>Desired state</h2>
 * {@code {ns}:host:plugins} holds {@code {"plugins": [{"id", "version", "sha512", "enabled", "repository"}]}}, and
 * {@code {ns}:host:plugin-jar:<sha512>} the exact bytes of each release (base64), kept once per checksum, so a host
 * never needs the repository a plugin came from. After a change through its marketplace, a host publishes its own
 * plugins as the desired state ({@link #publish}); the first host of a cluster publishes its plugins at start.
 *
 * <h2>Converging</h2>
 * When the {@code plugins} version changes (and at start) each host compares the desired state with its own plugins
 * and installs, updates, enables, disables or uninstalls through {@link PluginHost}, under the marketplace's lock;
 * a release's bytes are checked against their SHA-512 before they are loaded. A plugin that cannot be loaded is
 * reported (in the host's heartbeat and {@code GET /api/cluster}) and the host keeps serving the rest.
 *
 * <p>Thread-safe.
 */
public final class ClusterPlugins {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPlugins.class);
    private static final String KIND = "plugins";
    private static final String WHAT = "The cluster's plugins";

    /** KEYS plugins, versions; ARGV the desired state's JSON. */
    private static final String PUBLISH = """
            redis.call('SET', KEYS[1], ARGV[1])
            return {'OK', redis.call('HINCRBY', KEYS[2], 'plugins', 1)}
            """;

    /** KEYS plugins, versions → {version, JSON or false}. */
    private static final String READ = """
            return {tonumber(redis.call('HGET', KEYS[2], 'plugins') or '0'), redis.call('GET', KEYS[1])}
            """;

    private final SharedState shared;
    private final PluginHost plugins;
    private final MarketplaceService marketplace;
    private final ObjectMapper mapper;
    private volatile long applied = -1;
    private volatile Map<String, String> problems = Map.of();

    /**
     * @param shared      the cluster's shared state
     * @param plugins     this host's plugins
     * @param marketplace this host's marketplace, whose lock every plugin change takes
     * @param mapper      the host's mapper
     */
    public ClusterPlugins(SharedState shared, PluginHost plugins, MarketplaceService marketplace,
                          ObjectMapper mapper) {
        this.shared = shared;
        this.plugins = plugins;
        this.marketplace = marketplace;
        this.mapper = mapper;
    }

    /**
     * Joins the cluster: publishes this host's plugins when the cluster has none recorded yet (its first host), else
     * converges to the cluster's; from then on follows every change, and publishes after each change made through
     * this host's marketplace.
     */
    public void join() {
        if (shared.version(KIND) == 0) {
            publish();
        } else {
            converge();
        }
        shared.watch(KIND, () -> applied, this::converge);
        marketplace.afterEachChange(this::publish);
    }

    /** Records this host's plugins as the cluster's desired state, uploading each release's bytes once. */
    public void publish() {
        ArrayNode desired = mapper.createArrayNode();
        for (PluginHost.Installed plugin : plugins.installedPlugins()) {
            byte[] jar = read(plugin.jar());
            String sha512 = sha512(jar);
            String key = shared.key("plugin-jar:" + sha512);
            shared.call(WHAT, commands -> commands.setnx(key, Base64.getEncoder().encodeToString(jar)));
            desired.addObject().put("id", plugin.id()).put("version", plugin.version()).put("sha512", sha512)
                    .put("enabled", plugin.enabled()).put("repository", plugin.repository());
        }
        ObjectNode document = mapper.createObjectNode().set("plugins", desired);
        List<Object> reply = shared.script(WHAT, PUBLISH, keys(), document.toString());
        applied = (Long) reply.get(1);
        LOG.info("Published this host's {} plugin(s) as the cluster's plugins (version {})", desired.size(), applied);
    }

    /** @return the cluster's desired plugins, by id, as recorded in Redis ({@code {}} before any) */
    public JsonNode desired() {
        List<Object> reply = shared.script(WHAT, READ, keys());
        return reply.get(1) instanceof String json ? parse(json).path("plugins") : mapper.createArrayNode();
    }

    /** @return the plugins this host could not bring to the desired state, with the reason, by id */
    public Map<String, String> problems() {
        return problems;
    }

    /** Brings this host's plugins to the cluster's desired state. Never throws for one plugin's failure. */
    private void converge() {
        List<Object> reply = shared.script(WHAT, READ, keys());
        long version = (Long) reply.get(0);
        if (!(reply.get(1) instanceof String json)) {
            applied = version;
            return;
        }
        JsonNode desired = parse(json).path("plugins");
        marketplace.serialized(() -> {
            Map<String, String> failed = new LinkedHashMap<>();
            Map<String, PluginHost.Installed> local = new LinkedHashMap<>();
            for (PluginHost.Installed plugin : plugins.installedPlugins()) {
                local.put(plugin.id(), plugin);
            }
            for (JsonNode plugin : desired) {
                String id = plugin.path("id").asText();
                try {
                    converge(plugin, local.remove(id));
                } catch (ServiceUnavailableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failed.put(id, e.getMessage());
                    LOG.error("Plugin {} could not be brought to the cluster's state; this host serves the rest", id,
                            e);
                }
            }
            for (String extra : local.keySet()) {
                try {
                    plugins.uninstall(extra);
                    LOG.info("Uninstalled plugin {}: the cluster no longer has it", extra);
                } catch (RuntimeException e) {
                    failed.put(extra, e.getMessage());
                    LOG.error("Plugin {} could not be uninstalled as the cluster asks", extra, e);
                }
            }
            problems = Map.copyOf(failed);
            return null;
        });
        applied = version;
    }

    private void converge(JsonNode desired, PluginHost.Installed local) {
        String id = desired.path("id").asText();
        String version = desired.path("version").asText();
        String sha512 = desired.path("sha512").asText();
        String repository = desired.path("repository").asText("cluster");
        boolean enabled = desired.path("enabled").asBoolean(true);
        if (local == null) {
            install(id, version, sha512, repository, false);
            LOG.info("Installed plugin {} {} as the cluster asks", id, version);
        } else if (!local.version().equals(version) || !sha512(read(local.jar())).equals(sha512)) {
            install(id, version, sha512, repository, true);
            LOG.info("Updated plugin {} to {} as the cluster asks", id, version);
        }
        boolean nowEnabled = plugins.installedPlugins().stream().filter(p -> p.id().equals(id)).findFirst()
                .map(PluginHost.Installed::enabled).orElse(enabled);
        if (enabled != nowEnabled) {
            PluginReport report = enabled ? plugins.enable(id) : plugins.disable(id);
            LOG.info("Plugin {} is {} as the cluster asks", id, report.state());
        }
    }

    private void install(String id, String version, String sha512, String repository, boolean update) {
        String key = shared.key("plugin-jar:" + sha512);
        String encoded = shared.call(WHAT, commands -> commands.get(key));
        if (encoded == null) {
            throw new IllegalStateException("The cluster has no bytes for " + id + " " + version + " (" + key + ")");
        }
        byte[] jar = Base64.getDecoder().decode(encoded);
        if (!sha512(jar).equals(sha512)) {
            throw new IllegalStateException("The bytes of " + id + " " + version + " in Redis do not match their "
                    + "SHA-512: refused");
        }
        Path candidate;
        try {
            candidate = Files.createTempFile("sessionkit-cluster-", ".jar");
            Files.write(candidate, jar);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a plugin jar to a temporary file", e);
        }
        try {
            PluginArchive expected = PluginArchive.announced(id, version);
            if (update) {
                plugins.update(candidate, expected, repository);
            } else {
                plugins.install(candidate, expected, repository);
            }
        } finally {
            try {
                Files.deleteIfExists(candidate);
            } catch (IOException e) {
                LOG.warn("Could not delete the temporary jar {}", candidate);
            }
        }
    }

    private List<String> keys() {
        return List.of(shared.key("plugins"), shared.key("versions"));
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("The cluster's plugins in Redis are not JSON", e);
        }
    }

    private static byte[] read(Path jar) {
        try {
            return Files.readAllBytes(Objects.requireNonNull(jar, "jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the plugin jar " + jar, e);
        }
    }

    static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-512, this one does not", e);
        }
    }

    /** @return the version of the desired state this host has applied (-1 before joining) */
    public long appliedVersion() {
        return applied;
    }
}
