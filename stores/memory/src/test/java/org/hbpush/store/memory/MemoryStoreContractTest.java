package org.hbpush.store.memory;

import java.util.Map;

import org.hbpush.api.StoreProvider;
import org.hbpush.store.tck.StoreContractTest;

class MemoryStoreContractTest extends StoreContractTest {
    @Override
    protected StoreProvider provider() {
        return new MemoryStoreProvider();
    }

    @Override
    protected Map<String, String> options() {
        return Map.of();
    }
}
