package org.hbpush.api;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the server lends a store: the only way a plugin reaches server services.
 *
 * <pre>{@code
 * context.scheduler().scheduleAtFixedRate(this::expireMessages, 1, 1, TimeUnit.SECONDS);
 * Logger log = LoggerFactory.getLogger(context.loggerName());
 * }</pre>
 */
public interface StoreContext {
    /** The store's name in the configuration ({@code default} for an unnamed store). */
    String storeName();

    /**
     * This server process's identity, unique among the nodes sharing a backend; stable for the
     * life of the process. A shared store uses it to tell its own events and counts from others'.
     */
    String nodeId();

    /** The plugin's directory, for files the plugin ships (scripts, schemas). */
    Path pluginDirectory();

    /**
     * A scheduler shared with the server for short timed tasks (expiry, reconnection, heartbeats).
     * Tasks must not block; the store must not shut it down.
     */
    ScheduledExecutorService scheduler();

    /** The logger name the store should log under, so operators can tell stores apart. */
    String loggerName();
}
