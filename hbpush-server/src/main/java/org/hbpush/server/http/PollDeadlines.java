package org.hbpush.server.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jetty.util.thread.Scheduler;

import static java.util.Objects.requireNonNull;

/**
 * The {@code subscriber_timeout} of every poll held by one location, in one queue.
 *
 * <p>All polls of a location wait the same time, so they expire in the order they were held: a
 * list in arrival order is a deadline queue, adding and removing cost a few pointer moves, and one
 * scheduler task at a time (at the oldest deadline) serves the whole location. A scheduler task
 * per poll cost an allocation and a heap insertion and removal under the scheduler's lock for each
 * delivery.
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

    private final long timeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    // A doubly linked list through the deadlines themselves, oldest first; guarded by lock.
    private Deadline oldest;
    private Deadline newest;
    private boolean expiryScheduled;

    /** @param timeout how long each poll waits; zero for as long as it takes */
    PollDeadlines(Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        this.timeoutNanos = timeout.toNanos();
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
        Deadline deadline = new Deadline(this, System.nanoTime() + timeoutNanos, onTimeout);
        boolean scheduleExpiry;
        lock.lock();
        try {
            deadline.previous = newest;
            if (newest == null) {
                oldest = deadline;
            }
            else {
                newest.next = deadline;
            }
            newest = deadline;
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

    /** How many polls are waiting for their deadline. */
    int pending() {
        lock.lock();
        try {
            int count = 0;
            for (Deadline deadline = oldest; deadline != null; deadline = deadline.next) {
                count++;
            }
            return count;
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
            while (oldest != null && oldest.at - now <= 0) {
                Deadline expired = oldest;
                unlink(expired);
                due.add(expired.onTimeout);
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
        // Outside the lock: answering a poll may hold another (pipelined requests) in this queue.
        for (Runnable timeout : due) {
            timeout.run();
        }
    }

    private void cancel(Deadline deadline) {
        lock.lock();
        try {
            if (deadline.linked()) {
                unlink(deadline);
            }
        }
        finally {
            lock.unlock();
        }
    }

    private void unlink(Deadline deadline) {
        if (deadline.previous == null) {
            oldest = deadline.next;
        }
        else {
            deadline.previous.next = deadline.next;
        }
        if (deadline.next == null) {
            newest = deadline.previous;
        }
        else {
            deadline.next.previous = deadline.previous;
        }
        deadline.previous = null;
        deadline.next = null;
        deadline.unlinked = true;
    }

    /** One poll's place in the queue. */
    static final class Deadline {
        /** The deadline of a poll that waits as long as it takes. */
        static final Deadline NEVER = new Deadline(null, 0, () -> { });

        private final PollDeadlines queue;
        private final long at;
        private final Runnable onTimeout;
        // guarded by the queue's lock
        private Deadline previous;
        private Deadline next;
        private boolean unlinked;

        private Deadline(PollDeadlines queue, long at, Runnable onTimeout) {
            this.queue = queue;
            this.at = at;
            this.onTimeout = onTimeout;
        }

        /** The poll was answered or is gone: its timeout will not run. Cancelling twice is harmless. */
        void cancel() {
            if (queue != null) {
                queue.cancel(this);
            }
        }

        private boolean linked() {
            return !unlinked;
        }
    }
}
