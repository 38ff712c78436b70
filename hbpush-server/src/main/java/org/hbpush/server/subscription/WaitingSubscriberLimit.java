package org.hbpush.server.subscription;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code max_waiting_subscribers}: how many long polls this node holds at once, over all its
 * stores. A held poll costs heap (about 10 KB) and a file descriptor until it ends, so past the
 * limit a poll is refused rather than risking an out-of-memory error that would drop them all.
 *
 * <pre>{@code
 * if (limit.tryAdmit()) {
 *     // hold the poll; call limit.release() exactly once when it ends, however it ends
 * }
 * }</pre>
 */
public final class WaitingSubscriberLimit {
    private static final Logger log = LoggerFactory.getLogger(WaitingSubscriberLimit.class);
    /** A node at its limit says so at most this often, not once per refused poll. */
    private static final long WARNING_INTERVAL_NANOS = 60_000_000_000L;

    private final int max;
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

    /** @param max the most long polls held at once, at least 1 */
    public WaitingSubscriberLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max is " + max + ", must be at least 1");
        }
        this.max = max;
    }

    /** Counts one more held poll, unless that would go past the limit. */
    public boolean tryAdmit() {
        int current;
        do {
            current = admitted.get();
            if (current >= max) {
                warnNowAndThen();
                return false;
            }
        }
        while (!admitted.compareAndSet(current, current + 1));
        return true;
    }

    /** One admitted poll ended. */
    public void release() {
        admitted.decrementAndGet();
    }

    /** The polls admitted and not yet ended. */
    public int admitted() {
        return admitted.get();
    }

    /** The limit. */
    public int max() {
        return max;
    }

    private void warnNowAndThen() {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("{} long polls held, the most max_waiting_subscribers allows: new ones get 503 until some end", max);
        }
    }
}
