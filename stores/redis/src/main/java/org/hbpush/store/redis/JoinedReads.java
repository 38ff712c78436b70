package org.hbpush.store.redis;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Identical reads, at most one in flight per key: a read asked while none of its key is in flight
 * is sent at once; reads asked while one is in flight wait, and all of them are answered by one
 * next read, sent when the one in flight completes.
 *
 * <p>Why: after a message, a crowd of subscribers polls again with the same id, and each held
 * poll reads the store once more after it is registered: a thousand identical scripts for Redis's
 * single thread. Why not simply join the read in flight: it may have run in Redis before the
 * joiner was registered, and so missed a message whose event the joiner never hears (a lost
 * wake-up). So a caller is only answered by a read sent after it asked.
 *
 * <p>Each caller gets its own future: one that cancels or completes its copy leaves the others alone.
 *
 * @param <K> what makes two reads identical
 * @param <T> a read's answer
 */
final class JoinedReads<K, T> {
    /** A key with a read in flight, and the answer of the next read when callers wait for it. */
    private static final class InFlight<T> {
        CompletableFuture<T> next;
    }

    private final Function<K, CompletionStage<T>> reader;
    private final Map<K, InFlight<T>> inFlight = new HashMap<>();

    /** @param reader sends the read of a key */
    JoinedReads(Function<K, CompletionStage<T>> reader) {
        this.reader = requireNonNull(reader, "reader is null");
    }

    /** The answer of a read of {@code key} sent now, or of the one sent when the read in flight completes. */
    CompletableFuture<T> read(K key) {
        requireNonNull(key, "key is null");
        CompletableFuture<T> answer;
        synchronized (this) {
            InFlight<T> read = inFlight.get(key);
            if (read != null) {
                if (read.next == null) {
                    read.next = new CompletableFuture<>();
                }
                return read.next.copy();
            }
            inFlight.put(key, new InFlight<>());
            answer = new CompletableFuture<>();
        }
        send(key, answer);
        return answer.copy();
    }

    /** The number of keys with a read in flight (for tests). */
    synchronized int keysInFlight() {
        return inFlight.size();
    }

    private void send(K key, CompletableFuture<T> answer) {
        CompletionStage<T> sent;
        try {
            sent = reader.apply(key);
        }
        catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((value, failure) -> {
            CompletableFuture<T> next = takeNext(key);
            // The waiting callers' read goes first, so it is on its way while this answer's callers run.
            if (next != null) {
                send(key, next);
            }
            if (failure == null) {
                answer.complete(value);
            }
            else {
                answer.completeExceptionally(failure);
            }
        });
    }

    /** The answer of the read to send next for {@code key}, or null when none waits: then the key is forgotten. */
    private synchronized CompletableFuture<T> takeNext(K key) {
        InFlight<T> read = inFlight.get(key);
        CompletableFuture<T> next = read.next;
        if (next == null) {
            inFlight.remove(key);
        }
        else {
            read.next = null;
        }
        return next;
    }
}
