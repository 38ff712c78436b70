package org.hbpush.store.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.hbpush.api.ChannelId;

import static java.util.Objects.requireNonNull;

/**
 * The long polls this node holds, per channel, and their copy in Redis (the node's field in the
 * channel's {@code waiting} hash).
 *
 * <p>This node's count is known here, not in Redis: the server tells every change. What is written
 * is the count itself, not a change, so a write may be repeated; and only one write per channel is
 * in flight, the next one carrying the latest count. So a write lost to a Redis failure, or to a
 * Redis that restarted empty, is mended by writing again ({@link #retryFailed()},
 * {@link #rewriteAll()}), and writes never overtake each other.
 *
 * <p>A change for a channel that does not exist is ignored, as the SPI says: the script answers
 * that the channel is missing, and the count it carried is taken back.
 */
final class WaitingCounts {
    /** Writes a channel's count for this node; answers false when the channel does not exist. */
    @FunctionalInterface
    interface Writer {
        CompletionStage<Boolean> write(ChannelId channel, long count);
    }

    private static final class Count {
        long value;
        boolean writing;
        boolean needsWrite;
        List<CompletableFuture<Void>> callers = new ArrayList<>();
    }

    private record Write(ChannelId channel, long value, List<CompletableFuture<Void>> callers) {
    }

    private final Writer writer;
    private final Map<ChannelId, Count> counts = new HashMap<>();

    WaitingCounts(Writer writer) {
        this.writer = requireNonNull(writer, "writer is null");
    }

    /** Adds {@code delta} (never below zero); completes when a write carrying it is done. */
    CompletionStage<Void> add(ChannelId channel, int delta) {
        requireNonNull(channel, "channel is null");
        CompletableFuture<Void> done = new CompletableFuture<>();
        Write write;
        synchronized (this) {
            Count count = counts.computeIfAbsent(channel, absent -> new Count());
            count.value = Math.max(0, count.value + delta);
            count.callers.add(done);
            count.needsWrite = true;
            write = nextWrite(channel, count);
        }
        send(write);
        return done;
    }

    /** The channel was deleted, with its counts in Redis: forget it here too. */
    void channelDeleted(ChannelId channel) {
        synchronized (this) {
            Count count = counts.get(channel);
            if (count != null) {
                count.value = 0;
                // Callers still waiting get their answer from one more write (of zero, ignored by Redis).
                count.needsWrite = !count.callers.isEmpty();
                forgetIfIdle(channel, count);
            }
        }
    }

    /** Writes again the counts whose last write failed. */
    void retryFailed() {
        List<Write> writes = new ArrayList<>();
        synchronized (this) {
            counts.forEach((channel, count) -> {
                Write write = nextWrite(channel, count);
                if (write != null) {
                    writes.add(write);
                }
            });
        }
        writes.forEach(this::send);
    }

    /** Writes every count again: Redis may have lost them (restarted, or this node's heartbeat expired). */
    void rewriteAll() {
        synchronized (this) {
            counts.values().forEach(count -> count.needsWrite = count.value > 0 || count.needsWrite);
        }
        retryFailed();
    }

    /** The number of channels this node holds subscribers on, or has a write pending for. */
    synchronized int channels() {
        return counts.size();
    }

    // Called with the lock held: the write due for this channel, if one is due and none is in flight.
    private Write nextWrite(ChannelId channel, Count count) {
        if (count.writing || !count.needsWrite) {
            return null;
        }
        count.writing = true;
        count.needsWrite = false;
        List<CompletableFuture<Void>> callers = count.callers;
        count.callers = new ArrayList<>();
        return new Write(channel, count.value, callers);
    }

    private void send(Write write) {
        if (write == null) {
            return;
        }
        CompletionStage<Boolean> written;
        try {
            written = writer.write(write.channel(), write.value());
        }
        catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((exists, failure) -> finished(write, exists, failure));
    }

    private void finished(Write write, Boolean exists, Throwable failure) {
        Write next;
        synchronized (this) {
            Count count = counts.get(write.channel());
            if (count == null) {
                next = null;
            }
            else {
                count.writing = false;
                if (failure != null) {
                    count.needsWrite = true;
                }
                else if (!exists) {
                    // Ignored by Redis: take back what it carried, keep what came since.
                    count.value = Math.max(0, count.value - write.value());
                }
                // After a failure the next write waits for retryFailed(); other callers are waiting now.
                next = failure == null || !count.callers.isEmpty() ? nextWrite(write.channel(), count) : null;
                forgetIfIdle(write.channel(), count);
            }
        }
        for (CompletableFuture<Void> caller : write.callers()) {
            if (failure == null) {
                caller.complete(null);
            }
            else {
                caller.completeExceptionally(failure);
            }
        }
        send(next);
    }

    private void forgetIfIdle(ChannelId channel, Count count) {
        if (count.value == 0 && !count.writing && !count.needsWrite && count.callers.isEmpty()) {
            counts.remove(channel);
        }
    }
}
