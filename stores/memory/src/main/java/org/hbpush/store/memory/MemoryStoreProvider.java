package org.hbpush.store.memory;

import java.time.Clock;
import java.util.List;

import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Store type {@code memory}: channels and messages in the server's heap, for one node only and
 * lost when the server stops.
 *
 * <pre>{@code
 * store:
 *   type: memory
 * }</pre>
 */
public final class MemoryStoreProvider implements StoreProvider {
    /** The store type, as written in the configuration. */
    public static final String TYPE = "memory";

    @Override
    public String type() {
        return TYPE;
    }

    /** None: retention comes with each post, from the publisher location. */
    @Override
    public List<StoreOption> options() {
        return List.of();
    }

    @Override
    public Store create(StoreOptions options, StoreContext context) {
        requireNonNull(options, "options is null");
        requireNonNull(context, "context is null");
        return new MemoryStore(Clock.systemUTC(), LoggerFactory.getLogger(context.loggerName()), context.scheduler());
    }
}
