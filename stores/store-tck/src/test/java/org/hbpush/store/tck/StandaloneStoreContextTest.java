package org.hbpush.store.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StandaloneStoreContextTest {
    @Test
    void eachContextIsANodeOfItsOwn() {
        try (StandaloneStoreContext first = new StandaloneStoreContext("default", "hbpush.store.default");
                StandaloneStoreContext second = new StandaloneStoreContext("default", "hbpush.store.default")) {
            assertThat(first.nodeId()).isNotEqualTo(second.nodeId());
            assertThat(first.pluginDirectory()).isNotEqualTo(second.pluginDirectory());
        }
    }

    @Test
    void closeReleasesTheSchedulerAndThePluginDirectory() throws Exception {
        StandaloneStoreContext context = new StandaloneStoreContext("default", "hbpush.store.default");
        Path directory = context.pluginDirectory();
        Files.writeString(directory.resolve("script.lua"), "return 1");
        assertThat(context.scheduler().schedule(() -> "ran", 0, TimeUnit.MILLISECONDS).get()).isEqualTo("ran");

        context.close();

        assertThat(context.scheduler().isShutdown()).isTrue();
        assertThat(directory).doesNotExist();
    }
}
