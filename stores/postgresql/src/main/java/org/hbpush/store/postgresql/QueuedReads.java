package org.hbpush.store.postgresql;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Reads waiting for a connection, which an identical read joins instead of queueing one more.
 *
 * <p>Why: after a message, a crowd of subscribers polls again with the same id, and each held
 * poll reads the store once more after it is registered. Under load those reads queue for the
 * pool, and a thousand of them would ask PostgreSQL the same question. Only a read that has not
 * begun may be joined: one that began before the joiner was registered could miss a message whose
 * event the joiner never hears. So a read leaves this table the moment its work begins, before its
 * statement takes a snapshot.
 *
 * @param <K> what makes two reads identical
 * @param <T> a read's answer
 */
final class QueuedReads<K, T> {
    private final Map<K, CompletableFuture<T>> queued = new HashMap<>();

    /**
     * The answer of the queued read of {@code key}, or of a new one that {@code start} queues.
     *
     * @param start queues the read, whose work must run the {@code Runnable} it is given before
     *              it reads anything: that closes the read to joiners
     */
    CompletableFuture<T> read(K key, Function<Runnable, CompletableFuture<T>> start) {
        requireNonNull(key, "key is null");
        requireNonNull(start, "start is null");
        CompletableFuture<T> answer;
        synchronized (this) {
            answer = queued.get(key);
            if (answer != null) {
                return answer.copy();
            }
            answer = new CompletableFuture<>();
            queued.put(key, answer);
        }
        CompletableFuture<T> mine = answer;
        Runnable begun = () -> close(key, mine);
        // Closed on completion too: a read refused before its work began (PostgreSQL down) never ran it.
        start.apply(begun).whenComplete((value, failure) -> {
            close(key, mine);
            if (failure == null) {
                mine.complete(value);
            }
            else {
                mine.completeExceptionally(failure);
            }
        });
        return mine.copy();
    }

    /** The number of reads open to joiners (for tests). */
    synchronized int open() {
        return queued.size();
    }

    private synchronized void close(K key, CompletableFuture<T> answer) {
        queued.remove(key, answer);
    }
}
