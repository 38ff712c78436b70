package org.hbpush.server.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jetty.util.thread.Scheduler;
import org.hbpush.server.util.Line;

import static java.util.Objects.requireNonNull;

/**
 * The {@code subscriber_timeout} of every poll held by one location.
 *
 * <p>All polls of a location wait the same time, so they expire in the order they were held: a
 * list in arrival order is a deadline queue, adding and removing cost a few pointer moves, and one
 * scheduler task at a time (at the oldest deadline) serves the whole list. A scheduler task per
 * poll cost an allocation and a heap insertion and removal under the scheduler's lock for each
 * delivery. The polls are spread over a few such lists, each with its own lock, because a message
 * to a crowd cancels thousands of deadlines on one thread while the crowd's next polls add theirs
 * on others.
 *
 * <pre>{@code
 * PollDeadlines deadlines = new PollDeadlines(Duration.ofSeconds(55));
 * PollDeadlines.Deadline deadline = deadlines.start(scheduler, poll::timedOut);
 * ...
 * deadline.cancel();   // answered in time
 * }</pre>
 */
final class PollDeadlines {
    /** Timeouts run up to this late, so that polls held close together expire in one pass. */
    private static final long EXPIRY_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Lists per location: a power of two, enough that two threads rarely want the same one. */
    private static final int STRIPES = 8;

    private final long timeoutNanos;
    private final Stripe[] stripes = new Stripe[STRIPES];

    /** @param timeout how long each poll waits; zero for as long as it takes */
    PollDeadlines(Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        this.timeoutNanos = timeout.toNanos();
        for (int index = 0; index < STRIPES; index++) {
            stripes[index] = new Stripe();
        }
    }

    /** Whether polls wait as long as it takes. */
    boolean unlimited() {
        return timeoutNanos == 0;
    }

    /**
     * Starts a poll's wait: {@code onTimeout} runs on the scheduler's thread once the timeout has
     * passed, unless the returned deadline is cancelled first.
     */
    Deadline start(Scheduler scheduler, Runnable onTimeout) {
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(onTimeout, "onTimeout is null");
        if (unlimited()) {
            return Deadline.NEVER;
        }
        Stripe stripe = stripes[ThreadLocalRandom.current().nextInt(STRIPES)];
        return stripe.add(new Deadline(stripe, System.nanoTime() + timeoutNanos, onTimeout), scheduler);
    }

    /** How many polls are waiting for their deadline. */
    int pending() {
        int pending = 0;
        for (Stripe stripe : stripes) {
            pending += stripe.pending();
        }
        return pending;
    }

    /** One list of deadlines, oldest first, with its own lock. */
    private final class Stripe {
        private final ReentrantLock lock = new ReentrantLock();
        // guarded by lock
        private final Line<Deadline> deadlines = new Line<>();
        private boolean expiryScheduled;

        Deadline add(Deadline deadline, Scheduler scheduler) {
            boolean scheduleExpiry;
            lock.lock();
            try {
                deadlines.append(deadline);
                scheduleExpiry = !expiryScheduled;
                expiryScheduled = true;
            }
            finally {
                lock.unlock();
            }
            if (scheduleExpiry) {
                scheduler.schedule(() -> expire(scheduler), timeoutNanos, TimeUnit.NANOSECONDS);
            }
            return deadline;
        }

        void cancel(Deadline deadline) {
            lock.lock();
            try {
                deadlines.remove(deadline);
            }
            finally {
                lock.unlock();
            }
        }

        int pending() {
            lock.lock();
            try {
                return deadlines.size();
            }
            finally {
                lock.unlock();
            }
        }

        /** Runs the timeouts that are due, then comes back at the next oldest deadline. */
        private void expire(Scheduler scheduler) {
            long now = System.nanoTime();
            List<Runnable> due = new ArrayList<>();
            long nextInNanos = -1;
            lock.lock();
            try {
                Deadline oldest;
                while ((oldest = deadlines.first()) != null && oldest.at - now <= 0) {
                    deadlines.remove(oldest);
                    due.add(oldest.onTimeout);
                }
                if (oldest == null) {
                    expiryScheduled = false;
                }
                else {
                    nextInNanos = oldest.at - now + EXPIRY_SLACK_NANOS;
                }
            }
            finally {
                lock.unlock();
            }
            if (nextInNanos >= 0) {
                scheduler.schedule(() -> expire(scheduler), nextInNanos, TimeUnit.NANOSECONDS);
            }
            // Outside the lock: answering a poll may hold another (pipelined requests) in this list.
            for (Runnable timeout : due) {
                timeout.run();
            }
        }
    }

    /** One poll's place in its list. */
    static final class Deadline extends Line.Member<Deadline> {
        /** The deadline of a poll that waits as long as it takes. */
        static final Deadline NEVER = new Deadline(null, 0, () -> { });

        private final Stripe stripe;
        private final long at;
        private final Runnable onTimeout;

        private Deadline(Stripe stripe, long at, Runnable onTimeout) {
            this.stripe = stripe;
            this.at = at;
            this.onTimeout = onTimeout;
        }

        /** The poll was answered or is gone: its timeout will not run. Cancelling twice is harmless. */
        void cancel() {
            if (stripe != null) {
                stripe.cancel(this);
            }
        }
    }
}
