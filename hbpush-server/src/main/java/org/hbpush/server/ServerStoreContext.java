package org.hbpush.server;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

import org.hbpush.api.StoreContext;

import static java.util.Objects.requireNonNull;

/** What the server lends one configured store. */
record ServerStoreContext(String storeName, String nodeId, Path pluginDirectory, ScheduledExecutorService scheduler)
        implements StoreContext {
    ServerStoreContext {
        requireNonNull(storeName, "storeName is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(pluginDirectory, "pluginDirectory is null");
        requireNonNull(scheduler, "scheduler is null");
    }

    @Override
    public String loggerName() {
        return "org.hbpush.store." + storeName;
    }
}
