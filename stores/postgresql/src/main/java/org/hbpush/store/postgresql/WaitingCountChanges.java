package org.hbpush.store.postgresql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.hbpush.api.ChannelId;

import static java.util.Objects.requireNonNull;

/**
 * This node's changes to its waiting-subscriber counts, written one transaction at a time: the
 * changes made while a write runs are added up per channel and go together in the next one.
 *
 * <p>Why: every held long poll changes its channel's count, and a node's count on a channel is one
 * row, so one transaction per change would make a crowd of re-polling subscribers queue on that
 * row, one commit each. Added up, a round of a thousand subscribers costs a few commits. A change
 * that a later one cancels (held, then answered) is not written at all.
 *
 * <p>A write that fails keeps its changes for the next one, so a count is not left wrong by an
 * outage; that next write starts with the next change, and the callers waiting meanwhile are told
 * of the failure rather than kept waiting for it.
 */
final class WaitingCountChanges {
    private final Function<Map<ChannelId, Integer>, CompletableFuture<Void>> writer;
    private Map<ChannelId, Integer> pending = new LinkedHashMap<>();
    private CompletableFuture<Void> pendingWritten = new CompletableFuture<>();
    private boolean writing;

    /** @param writer writes the changes of a batch in one transaction */
    WaitingCountChanges(Function<Map<ChannelId, Integer>, CompletableFuture<Void>> writer) {
        this.writer = requireNonNull(writer, "writer is null");
    }

    /** Adds {@code delta} to the channel's count; completes once a write carrying it is committed (or failed). */
    CompletableFuture<Void> add(ChannelId channel, int delta) {
        requireNonNull(channel, "channel is null");
        CompletableFuture<Void> written;
        boolean start;
        synchronized (this) {
            pending.merge(channel, delta, Integer::sum);
            written = pendingWritten;
            start = !writing;
            writing = true;
        }
        if (start) {
            writeNext();
        }
        return written.copy();
    }

    private void writeNext() {
        Map<ChannelId, Integer> batch;
        CompletableFuture<Void> written;
        synchronized (this) {
            pending.values().removeIf(delta -> delta == 0);
            batch = pending;
            written = pendingWritten;
            pending = new LinkedHashMap<>();
            pendingWritten = new CompletableFuture<>();
            if (batch.isEmpty()) {
                writing = false;
                written.complete(null);
                return;
            }
        }
        writer.apply(batch).whenComplete((ignored, failure) -> {
            if (failure == null) {
                written.complete(null);
                writeNext();
                return;
            }
            // The changes made meanwhile wait for the next change too: their callers hear of the failure now.
            CompletableFuture<Void> waitingMeanwhile;
            synchronized (this) {
                batch.forEach((channel, delta) -> pending.merge(channel, delta, Integer::sum));
                waitingMeanwhile = pendingWritten;
                pendingWritten = new CompletableFuture<>();
                writing = false;
            }
            written.completeExceptionally(failure);
            waitingMeanwhile.completeExceptionally(failure);
        });
    }
}
