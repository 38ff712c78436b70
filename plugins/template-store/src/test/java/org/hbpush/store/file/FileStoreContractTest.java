package org.hbpush.store.file;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.hbpush.api.StoreProvider;
import org.hbpush.store.tck.StoreCapability;
import org.hbpush.store.tck.StoreContractTest;

/**
 * The whole contract suite on the file store. Each test gets a directory of its own under
 * {@code target/}; a second store on it is another store instance, not another node sharing it.
 */
class FileStoreContractTest extends StoreContractTest {
    private final Path directory = Path.of("target", "contract-test-stores", UUID.randomUUID().toString());

    @Override
    protected StoreProvider provider() {
        return new FileStoreProvider();
    }

    @Override
    protected Map<String, String> options() {
        return Map.of(FileStoreProvider.DIRECTORY, directory.toString());
    }

    /** Kept across a restart; one process only, so not shared across nodes. */
    @Override
    protected Set<StoreCapability> capabilities() {
        return Set.of(StoreCapability.DURABLE);
    }
}
