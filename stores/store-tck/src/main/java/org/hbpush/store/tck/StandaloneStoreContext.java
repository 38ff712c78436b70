package org.hbpush.store.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.hbpush.api.StoreContext;

import static java.util.Objects.requireNonNull;

/**
 * A {@link StoreContext} without a server, for tests: it owns a small scheduler of daemon
 * threads, an empty temporary plugin directory and a random node id, and releases them on
 * {@link #close()}. Each instance stands for one hbpushd node.
 *
 * <pre>{@code
 * try (StandaloneStoreContext context = new StandaloneStoreContext("default", "hbpush.store.default");
 *      Store store = provider.create(options, context)) {
 *     ...
 * }
 * }</pre>
 */
public final class StandaloneStoreContext implements StoreContext, AutoCloseable {
    private static final AtomicInteger SCHEDULER_THREADS = new AtomicInteger();

    private final String storeName;
    private final String loggerName;
    private final String nodeId;
    private final Path pluginDirectory;
    private final ScheduledExecutorService scheduler;

    /**
     * @param storeName  the store's name in the configuration, such as {@code default}
     * @param loggerName the logger name to lend the store
     */
    public StandaloneStoreContext(String storeName, String loggerName) {
        this.storeName = requireNonNull(storeName, "storeName is null");
        this.loggerName = requireNonNull(loggerName, "loggerName is null");
        this.nodeId = "tck-" + UUID.randomUUID();
        try {
            this.pluginDirectory = Files.createTempDirectory("hbpush-tck-plugin-");
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary plugin directory", e);
        }
        // Daemon threads: a store test that forgets to close its context must not keep the JVM alive.
        this.scheduler = Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "hbpush-tck-scheduler-" + SCHEDULER_THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String storeName() {
        return storeName;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Path pluginDirectory() {
        return pluginDirectory;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public String loggerName() {
        return loggerName;
    }

    /** Stops the scheduler and deletes the plugin directory. Call it after closing the store. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(pluginDirectory);
    }

    @Override
    public String toString() {
        return "StandaloneStoreContext[" + storeName + ", node " + nodeId + "]";
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary plugin directory " + root, e);
        }
    }
}
