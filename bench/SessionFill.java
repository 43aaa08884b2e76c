import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.PersistenceMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills a sessions folder for bench/persistence-load.sh: COUNT GLOBAL sessions of the app {@code default} (users
 * {@code fill-1} .. {@code fill-COUNT}, each holding its identity plus cartId, itemCount and lastSeen, like the HTTP
 * benchmark's), with a 1-day idle timeout, through the embedded store itself; closing it writes the snapshot.
 *
 *   java -cp host-app/target/sessionkit.jar bench/SessionFill.java DATA_DIR/sessions COUNT
 */
public final class SessionFill {
    public static void main(String[] args) {
        Path folder = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        HostSessionStore store = HostSessionStore.embedded(config -> {
            config.persistence.mode = PersistenceMode.EVERYSEC;
            config.persistence.directory = folder;
        });
        for (int i = 1; i <= count; i++) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            values.put("cartId", TextNode.valueOf("cart-" + i));
            values.put("itemCount", IntNode.valueOf(i % 10));
            values.put("lastSeen", TextNode.valueOf("2026-11-22T10:15:30+01:00"));
            store.put(new SessionRef.Global("default", new UserIdentity("fill-" + i, "fill" + i, "user"),
                    Duration.ofDays(1)), values, PutOptions.DEFAULT);
        }
        store.close();
    }
}
