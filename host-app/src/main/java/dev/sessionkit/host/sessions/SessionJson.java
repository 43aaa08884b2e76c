package dev.sessionkit.host.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.store.SessionContents;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.host.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON an administrator sees of a session: never its token, and {@value #REDACTED} for every value marked
 * secret.
 *
 * <pre>{@code
 * {"id": "global:<userId>", "scope": "GLOBAL", "name": null, "owner": {"id", "username"},
 *  "keyCount": 3, "bytes": 57, "version": 4, "createdAt": "...", "expiresAt": "...", "remainingSeconds": 1740,
 *  "expiry": {"ttlSeconds", "idleTimeoutSeconds", "extendOnGet", "extendOnSet", "onExpiry"},
 *  "secretNames": ["card"], "values": {"cart": 3, "card": "***"}}
 * }</pre>
 * {@code owner} is null for sessions that belong to no user (LOCAL, SHARED, TOKEN); its {@code username} is null
 * when the user was deleted. {@code expiry} is the session's policy as the store reports it (what
 * {@code session.start} set for TOKEN and SHARED sessions; the idle timeout with sliding expiry for GLOBAL ones), or
 * null when the store reports none. {@code values} is only in {@link #withValues}.
 *
 * <p>Stateless and thread-safe.
 */
final class SessionJson {
    /** What a secret value is shown as. */
    static final String REDACTED = "***";

    private final Function<String, Optional<User>> users;

    /** @param users finds a user by id, for the owner's username */
    SessionJson(Function<String, Optional<User>> users) {
        this.users = users;
    }

    /** @param info a session @return its JSON without values */
    ObjectNode of(SessionInfo info) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", info.sessionId());
        json.put("scope", info.scope().name());
        json.put("name", info.name());
        if (info.ownerUserId() == null) {
            json.putNull("owner");
        } else {
            json.putObject("owner").put("id", info.ownerUserId())
                    .put("username", users.apply(info.ownerUserId()).map(User::username).orElse(null));
        }
        json.put("keyCount", info.keyCount());
        json.put("bytes", info.bytes());
        json.put("version", info.version());
        json.put("createdAt", text(info.createdAt()));
        json.put("expiresAt", text(info.expiresAt()));
        Duration remaining = info.remaining();
        if (remaining == null) {
            json.putNull("remainingSeconds");
        } else {
            json.put("remainingSeconds", remaining.toSeconds());
        }
        SessionSpec spec = info.spec();
        if (spec == null) {
            json.putNull("expiry");
        } else {
            ObjectNode expiry = json.putObject("expiry");
            expiry.put("ttlSeconds", spec.ttl() == null ? null : spec.ttl().toSeconds());
            expiry.put("idleTimeoutSeconds", spec.idleTimeout() == null ? null : spec.idleTimeout().toSeconds());
            expiry.put("extendOnGet", spec.extendOnGet());
            expiry.put("extendOnSet", spec.extendOnSet());
            expiry.put("onExpiry", spec.onExpiry().name());
        }
        json.set("secretNames", JsonNodeFactory.instance.arrayNode()
                .addAll(info.secretNames().stream().sorted().map(TextNode::valueOf).toList()));
        return json;
    }

    /** @param contents a session and its values @return its JSON with {@code values}, secrets redacted */
    ObjectNode withValues(SessionContents contents) {
        ObjectNode json = of(contents.info());
        ObjectNode values = json.putObject("values");
        for (Map.Entry<String, JsonNode> entry : contents.values().entrySet()) {
            boolean secret = contents.info().secretNames().contains(entry.getKey());
            values.set(entry.getKey(), secret ? TextNode.valueOf(REDACTED) : entry.getValue().deepCopy());
        }
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
