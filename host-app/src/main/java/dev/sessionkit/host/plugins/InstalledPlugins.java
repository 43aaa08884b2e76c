package dev.sessionkit.host.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.storage.AtomicFile;
import dev.sessionkit.host.storage.JsonFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pf4j.PluginStatusProvider;

/**
 * What the host remembers about its plugins across restarts, in {@code <data-dir>/plugins/installed.json} (written
 * atomically with {@link JsonFile}):
 *
 * <pre>
 * {"plugins":  {"&lt;id&gt;": {"version", "file", "repository", "installedAt"}},  installed by the marketplace
 *  "disabled": ["&lt;id&gt;", ...],                                  disabled by an admin
 *  "methods":  {"&lt;id&gt;": ["&lt;methodId&gt;", ...]}}                    last methods each plugin provided
 * </pre>
 * The jars themselves are the plugins directory's {@code *.jar} files; a jar copied there by hand loads too, without an
 * entry in {@code plugins}. An entry whose file is gone is reported at start ({@code FAILED}, "missing"), not fatal.
 * {@code methods} outlives a plugin's removal, so a flow step naming a method of a removed or disabled plugin fails
 * with an error naming that plugin.
 *
 * <p>Also PF4J's {@link PluginStatusProvider}: the manager asks it which plugins load as {@code DISABLED}.
 *
 * <p>The file is read on first use (after a first start has moved the plugins directory into place). Thread-safe
 * (every method is synchronized); a write that fails throws {@link java.io.UncheckedIOException} and leaves both the
 * file and this object's state as they were.
 */
public final class InstalledPlugins implements PluginStatusProvider {
    /** The file name inside the plugins directory. */
    public static final String FILE_NAME = "installed.json";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonFile file;
    private ObjectNode state;

    /**
     * One plugin installed through the marketplace (or from the bundled repository on a first start).
     *
     * @param id          the plugin id
     * @param version     the installed version
     * @param file        the jar's file name in the plugins directory
     * @param repository  the id of the repository it came from
     * @param installedAt when it was installed
     */
    public record Installation(String id, String version, String file, String repository, Instant installedAt) {
        /** Checks that nothing is null. */
        public Installation {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(installedAt, "installedAt");
        }
    }

    /** @param pluginsRoot the plugins directory; it may not exist yet */
    public InstalledPlugins(Path pluginsRoot) {
        this.file = new JsonFile(Json.newMapper(), pluginsRoot.resolve(FILE_NAME));
    }

    /** @return every recorded installation, by plugin id (sorted) */
    public synchronized Map<String, Installation> installations() {
        Map<String, Installation> all = new TreeMap<>();
        state().path("plugins").properties().forEach(entry -> all.put(entry.getKey(),
                installation(entry.getKey(), entry.getValue())));
        return all;
    }

    /** @param id a plugin id @return its recorded installation, or empty */
    public synchronized Optional<Installation> installation(String id) {
        JsonNode entry = state().path("plugins").get(id);
        return entry == null ? Optional.empty() : Optional.of(installation(id, entry));
    }

    /** Records an installation (replacing the plugin's previous one). @param installation the installation */
    public synchronized void recordInstalled(Installation installation) {
        change(next -> next.withObjectProperty("plugins").putObject(installation.id())
                .put("version", installation.version())
                .put("file", installation.file())
                .put("repository", installation.repository())
                .put("installedAt", installation.installedAt().toString()));
    }

    /** Forgets a plugin's installation and its disabled mark (its methods are kept). @param id the plugin id */
    public synchronized void recordRemoved(String id) {
        change(next -> {
            next.withObjectProperty("plugins").remove(id);
            removeDisabled(next, id);
        });
    }

    /**
     * Remembers the methods a plugin provides now. A method has one owner, the plugin that provided it last: these
     * ids are removed from every other plugin's methods. Writes only when something changed.
     *
     * @param id        the plugin id
     * @param methodIds the method ids it provides (not those another plugin provides instead)
     */
    public synchronized void recordMethods(String id, List<String> methodIds) {
        List<String> sorted = List.copyOf(new TreeSet<>(methodIds));
        Map<String, List<String>> all = methods();
        boolean othersClaim = all.entrySet().stream().anyMatch(entry -> !entry.getKey().equals(id)
                && entry.getValue().stream().anyMatch(sorted::contains));
        if (sorted.equals(all.get(id)) && !othersClaim) {
            return;
        }
        change(next -> {
            ObjectNode methods = next.withObjectProperty("methods");
            for (Map.Entry<String, List<String>> other : all.entrySet()) {
                if (other.getKey().equals(id)) continue;
                ArrayNode kept = methods.putArray(other.getKey());
                other.getValue().stream().filter(method -> !sorted.contains(method)).forEach(kept::add);
            }
            ArrayNode array = methods.putArray(id);
            sorted.forEach(array::add);
        });
    }

    /** @return the last known method ids of every plugin that ever started here, by plugin id */
    public synchronized Map<String, List<String>> methods() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        state().path("methods").properties().forEach(entry -> {
            List<String> ids = new ArrayList<>();
            entry.getValue().forEach(id -> ids.add(id.asText()));
            all.put(entry.getKey(), List.copyOf(ids));
        });
        return all;
    }

    @Override
    public synchronized boolean isPluginDisabled(String pluginId) {
        for (JsonNode id : state().path("disabled")) {
            if (id.asText().equals(pluginId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void disablePlugin(String pluginId) {
        if (!isPluginDisabled(pluginId)) {
            change(next -> next.withArrayProperty("disabled").add(pluginId));
        }
    }

    @Override
    public synchronized void enablePlugin(String pluginId) {
        if (isPluginDisabled(pluginId)) {
            change(next -> removeDisabled(next, pluginId));
        }
    }

    private static void removeDisabled(ObjectNode next, String id) {
        Iterator<JsonNode> disabled = next.withArrayProperty("disabled").elements();
        while (disabled.hasNext()) {
            if (disabled.next().asText().equals(id)) {
                disabled.remove();
            }
        }
    }

    /** Applies a change to a copy, writes the copy, and only then makes it the state. */
    private void change(java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode next = state().deepCopy();
        edit.accept(next);
        AtomicFile.ownerOnlyDirectory(file.path().toAbsolutePath().getParent());
        file.write(next);
        state = next;
    }

    private ObjectNode state() {
        if (state == null) {
            JsonNode read = file.read().orElseGet(NODES::objectNode);
            if (!read.isObject()) {
                throw new IllegalStateException(file.path() + " must hold a JSON object. Restore it from a backup or "
                        + "delete it (the plugins stay installed; their disabled marks are lost).");
            }
            state = (ObjectNode) read;
        }
        return state;
    }

    private static Installation installation(String id, JsonNode entry) {
        return new Installation(id, entry.path("version").asText(), entry.path("file").asText(),
                entry.path("repository").asText(), Instant.parse(entry.path("installedAt").asText()));
    }
}
