package org.hbpush.store.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.lettuce.core.api.StatefulConnection;

import static java.util.Objects.requireNonNull;

/**
 * A connection made on first use, and made again while it could not be: the store must start when
 * Redis is down and serve once it is up. Once made, the connection reconnects by itself (Lettuce's
 * auto-reconnect), so this only covers connections that never were.
 *
 * <p>While Redis is down, calls fail fast: a call either waits for the attempt in progress
 * (bounded by the connect timeout) or, within {@code retryInterval} of a failed attempt, fails at
 * once with that failure. Nothing here blocks.
 */
final class LazyConnection<C extends StatefulConnection<?, ?>> {
    private final Supplier<CompletionStage<C>> connector;
    private final long retryIntervalNanos;
    private CompletableFuture<C> current;
    private long lastAttemptNanos;
    private boolean closed;

    /**
     * @param connector     starts one connection attempt
     * @param retryInterval how soon after a failed attempt another may start
     */
    LazyConnection(Supplier<CompletionStage<C>> connector, Duration retryInterval) {
        this.connector = requireNonNull(connector, "connector is null");
        this.retryIntervalNanos = requireNonNull(retryInterval, "retryInterval is null").toNanos();
    }

    /** The connection, once made; a failed stage when it cannot be made now. */
    synchronized CompletableFuture<C> connection() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        }
        boolean failed = current != null && current.isCompletedExceptionally();
        if (current == null || failed && System.nanoTime() - lastAttemptNanos >= retryIntervalNanos) {
            lastAttemptNanos = System.nanoTime();
            CompletableFuture<C> attempt = new CompletableFuture<>();
            current = attempt;
            try {
                connector.get().whenComplete((connection, failure) -> {
                    if (failure == null) {
                        attempt.complete(connection);
                    }
                    else {
                        attempt.completeExceptionally(failure);
                    }
                });
            }
            catch (RuntimeException e) {
                attempt.completeExceptionally(e);
            }
        }
        return current;
    }

    /** The connection when it is made, without starting an attempt. */
    synchronized Optional<C> ifConnected() {
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            return Optional.of(current.join());
        }
        return Optional.empty();
    }

    /** True when the connection was made (it may be reconnecting now). */
    synchronized boolean wasMade() {
        return ifConnected().isPresent();
    }

    /** Closes the connection, if made (a connection still being made is closed when it is); answers when closed. */
    CompletableFuture<Void> closeAsync() {
        CompletableFuture<C> last;
        synchronized (this) {
            closed = true;
            last = current;
        }
        if (last == null) {
            return CompletableFuture.completedFuture(null);
        }
        return last.handle((connection, failure) -> connection)
                .thenCompose(connection -> connection == null ? CompletableFuture.completedFuture(null) : connection.closeAsync());
    }
}
