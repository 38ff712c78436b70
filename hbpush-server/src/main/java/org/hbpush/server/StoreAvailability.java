package org.hbpush.server;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.hbpush.api.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Whether a store's backend answers, as its calls show: one WARN line when it goes down and one
 * INFO line when it is back, however many requests fail in between. Only
 * {@link StoreUnavailableException} means down; any answer means up.
 *
 * <p>Calls overlap: when the backend goes away, calls sent just before may still succeed after
 * the first failure, and when it returns, calls sent while it was away still fail. So a result
 * moves the state only when its call started after the last change, and the log does not flap.
 *
 * <pre>{@code
 * long started = availability.callStarted();
 * store.channelInfo(channel).whenComplete((info, failure) -> availability.ended(started, failure));
 * }</pre>
 */
final class StoreAvailability {
    private static final Logger log = LoggerFactory.getLogger(StoreAvailability.class);

    private final String name;
    private final String type;
    private volatile boolean up = true;
    private boolean closed;
    private long changedAt = System.nanoTime();

    StoreAvailability(String name, String type) {
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
    }

    /** The moment a call starts, to hand back to {@link #ended}. */
    long callStarted() {
        return System.nanoTime();
    }

    /** A call that started at {@code startedAt} ended, with {@code failure} or ({@code null}) without. */
    void ended(long startedAt, Throwable failure) {
        if (failure == null) {
            if (!up) {
                succeeded(startedAt);
            }
            return;
        }
        Throwable cause = unwrap(failure);
        if (up && cause instanceof StoreUnavailableException) {
            failed(startedAt, cause);
        }
    }

    /** The server is closing the store: calls failing from now on say nothing about the backend. */
    synchronized void close() {
        closed = true;
    }


    private void succeeded(long startedAt) {
        synchronized (this) {
            if (up || closed || startedAt - changedAt < 0) {
                return;
            }
            up = true;
            changedAt = System.nanoTime();
        }
        log.info("store {} ({}) is back up", name, type);
    }

    private void failed(long startedAt, Throwable cause) {
        synchronized (this) {
            if (!up || closed || startedAt - changedAt < 0) {
                return;
            }
            up = false;
            changedAt = System.nanoTime();
        }
        log.warn("store {} ({}) is down: {}", name, type, cause.getMessage());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
