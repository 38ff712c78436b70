package org.hbpush.store.memory;

import java.util.Map;

import org.hbpush.api.Store;
import org.hbpush.store.tck.MapStoreOptions;
import org.hbpush.store.tck.StandaloneStoreContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryStoreProviderTest {
    private final MemoryStoreProvider provider = new MemoryStoreProvider();

    @Test
    void isTypeMemoryWithTheChannelIdleTimeoutAsItsOnlyOption() {
        assertThat(provider.type()).isEqualTo("memory");
        assertThat(provider.options()).extracting(option -> option.name() + "=" + option.defaultValue().orElseThrow())
                .containsExactly("channel_idle_timeout=3600");
    }

    @Test
    void createsAMemoryStore() {
        try (StandaloneStoreContext context = new StandaloneStoreContext("default", "hbpush.store.default");
                Store store = provider.create(new MapStoreOptions(provider, Map.of()), context)) {
            assertThat(store).isInstanceOf(MemoryStore.class);
        }
    }
}
