package org.hbpush.store.memory;

import java.time.Clock;
import java.time.Duration;
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

    /** The option that says how long an empty, unused channel is kept. */
    public static final String CHANNEL_IDLE_TIMEOUT = "channel_idle_timeout";

    /**
     * {@code channel_idle_timeout}: how long a channel with no message and no waiting subscriber
     * is kept after the last request touched it (default 3600 seconds). Message retention comes
     * with each post, from the publisher location.
     */
    @Override
    public List<StoreOption> options() {
        return List.of(StoreOption.of(CHANNEL_IDLE_TIMEOUT, "3600",
                "how long an empty channel nobody waits on is kept after its last request, e.g. 3600 or 10m"));
    }

    @Override
    public Store create(StoreOptions options, StoreContext context) {
        requireNonNull(options, "options is null");
        requireNonNull(context, "context is null");
        Duration idle = options.duration(CHANNEL_IDLE_TIMEOUT);
        return new MemoryStore(Clock.systemUTC(), LoggerFactory.getLogger(context.loggerName()), context.scheduler(), idle);
    }
}
