package org.hbpush.server.config;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

import org.hbpush.api.StoreContext;

import static java.util.Objects.requireNonNull;

/** Just enough context for {@link FakeStoreProvider#create}, which never schedules anything. */
record FakeStoreContext(String storeName) implements StoreContext {
    FakeStoreContext {
        requireNonNull(storeName, "storeName is null");
    }

    @Override
    public String nodeId() {
        return "test-node";
    }

    @Override
    public Path pluginDirectory() {
        return Path.of("plugins", "fake");
    }

    @Override
    public ScheduledExecutorService scheduler() {
        throw new UnsupportedOperationException("the fake stores schedule nothing");
    }

    @Override
    public String loggerName() {
        return "org.hbpush.store.fake." + storeName;
    }
}
