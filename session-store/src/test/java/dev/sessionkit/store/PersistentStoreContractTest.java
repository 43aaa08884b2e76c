package dev.sessionkit.store;

import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.contract.SessionStoreContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract on the embedded store with its sessions kept on disk ({@code everysec}): persistence changes
 * nothing a caller can see while the host runs. Each store gets a folder of its own.
 */
class PersistentStoreContractTest extends SessionStoreContract {
    @TempDir
    Path folders;
    private final AtomicInteger stores = new AtomicInteger();

    @Override
    protected HostSessionStore newStore(ManualClock clock, SessionLimits limits, AnonymousLimits anonymous) {
        Path folder = folders.resolve("sessions-" + stores.incrementAndGet());
        return HostSessionStore.embedded(config -> {
            config.clock = clock;
            config.promptExpiry = false;
            config.limits = limits;
            config.anonymous = anonymous;
            config.persistence.mode = PersistenceMode.EVERYSEC;
            config.persistence.directory = folder;
        });
    }
}
