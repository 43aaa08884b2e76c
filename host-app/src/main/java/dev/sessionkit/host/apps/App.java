package dev.sessionkit.host.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An app definition: what users export, keep in git and import again.
 *
 * <p>JSON form (the API's and the file's): {@code {"id", "name", "version", "sessionIdleTimeoutSeconds"?, "flows",
 * "createdAt", "updatedAt"}}. Flows are kept as the JSON array they were given (each element an object), so an export
 * is exactly what was saved; {@link dev.sessionkit.host.flows.FlowParser} reads their model and
 * {@link dev.sessionkit.host.flows.FlowValidator} checks them before a save.
 *
 * @param id                        the stable id used in URLs: 1 to 63 lower-case letters, digits and dashes,
 *                                  starting with a letter or digit
 * @param name                      the display name
 * @param version                   1 when created, increased by every change
 * @param sessionIdleTimeoutSeconds the idle timeout of this app's GLOBAL sessions, or null for the host's default
 * @param flows                     the flows, a JSON array of objects (a private copy)
 * @param createdAt                 when it was created
 * @param updatedAt                 when it last changed
 */
public record App(String id, String name, long version, Long sessionIdleTimeoutSeconds, ArrayNode flows,
                  Instant createdAt, Instant updatedAt) {

    /** The app every first start creates. */
    public static final String DEFAULT_ID = "default";
    /** The longest GLOBAL idle timeout an app may set: one year. */
    public static final long MAX_IDLE_TIMEOUT_SECONDS = 365L * 24 * 3600;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_NAME_LENGTH = 200;

    /** Checks the components and copies the flows. */
    public App {
        checkId(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw invalid("INVALID_APP_NAME", "name", "An app name has 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        if (sessionIdleTimeoutSeconds != null
                && (sessionIdleTimeoutSeconds <= 0 || sessionIdleTimeoutSeconds > MAX_IDLE_TIMEOUT_SECONDS)) {
            throw invalid("INVALID_IDLE_TIMEOUT", "sessionIdleTimeoutSeconds", "sessionIdleTimeoutSeconds must be "
                    + "between 1 and " + MAX_IDLE_TIMEOUT_SECONDS + " (one year), or left out for the host's default.");
        }
        flows = flows == null ? JsonNodeFactory.instance.arrayNode() : flows.deepCopy();
        for (JsonNode flow : flows) {
            if (!flow.isObject()) {
                throw invalid("INVALID_FLOWS", "flows", "'flows' must be an array of flow objects.");
            }
        }
    }

    /**
     * @param id a candidate app id
     * @throws InvalidInputException code {@code INVALID_APP_ID} saying what an id looks like
     */
    public static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException("INVALID_APP_ID", "'" + id + "' is not an app id. An app id has 1 to 63 "
                    + "lower-case letters, digits and dashes, starting with a letter or digit, such as 'shop-2'.",
                    Map.of("field", "id", "received", String.valueOf(id)));
        }
    }

    /** @return the flows (a copy: the app stays immutable) */
    @Override
    public ArrayNode flows() {
        return flows.deepCopy();
    }

    /**
     * @param hostDefault the host's GLOBAL idle timeout
     * @return this app's GLOBAL idle timeout: its own, or the host's default
     */
    public Duration globalIdleTimeout(Duration hostDefault) {
        return sessionIdleTimeoutSeconds == null ? hostDefault : Duration.ofSeconds(sessionIdleTimeoutSeconds);
    }

    /** @return the app's JSON form */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id).put("name", name).put("version", version);
        if (sessionIdleTimeoutSeconds != null) {
            json.put("sessionIdleTimeoutSeconds", sessionIdleTimeoutSeconds);
        }
        json.set("flows", flows.deepCopy());
        json.put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
        return json;
    }

    /**
     * Reads the JSON form of a stored app.
     *
     * @param json an app's JSON form
     * @return the app
     * @throws IllegalArgumentException or {@link InvalidInputException} when a field is missing or wrong
     */
    public static App fromJson(JsonNode json) {
        JsonNode flows = json.path("flows");
        if (!flows.isArray() || !json.path("version").canConvertToLong()) {
            throw new IllegalArgumentException("'flows' must be an array and 'version' a whole number");
        }
        JsonNode idle = json.get("sessionIdleTimeoutSeconds");
        return new App(json.path("id").textValue(), json.path("name").asText(null), json.path("version").longValue(),
                idle == null || idle.isNull() ? null : idle.longValue(), (ArrayNode) flows,
                Instant.parse(json.path("createdAt").asText()), Instant.parse(json.path("updatedAt").asText()));
    }

    private static InvalidInputException invalid(String code, String field, String message) {
        return new InvalidInputException(code, message, Map.of("field", field));
    }
}
