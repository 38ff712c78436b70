package org.hbpush.server.plugin;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

import org.hbpush.api.StoreContext;

import static java.util.Objects.requireNonNull;

/** A context for stores made in tests; they must not schedule anything. */
final class TestStoreContext implements StoreContext {
    private final Path pluginDirectory;

    TestStoreContext(Path pluginDirectory) {
        this.pluginDirectory = requireNonNull(pluginDirectory, "pluginDirectory is null");
    }

    @Override
    public String storeName() {
        return "default";
    }

    @Override
    public String nodeId() {
        return "test-node";
    }

    @Override
    public Path pluginDirectory() {
        return pluginDirectory;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        throw new UnsupportedOperationException("the test stores schedule nothing");
    }

    @Override
    public String loggerName() {
        return "org.hbpush.store.test";
    }
}
