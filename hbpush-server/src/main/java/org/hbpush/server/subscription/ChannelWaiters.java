package org.hbpush.server.subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbpush.api.MessageId;

/**
 * The subscribers held on one channel of one store, first come first served, and the bookkeeping
 * that coalesces wake-ups: a burst of events while a wake-up is running costs one more wake-up, not
 * one per event.
 *
 * <p>A crowd is answered in the order it arrived, as Nchan answers its own: the subscriber that has
 * waited longest goes first, and the connections are written in the order they were made, which
 * keeps both ends' memory accesses in order (in a hash set's order, a fanout to 10,000 cost both
 * hbpushd and the load tool more CPU per delivery; see docs/performance.md).
 */
final class ChannelWaiters {
    // guarded by this: changed inside the channel map's compute, read by deliveries and stats
    private final Set<WaitingSubscriber> subscribers = new LinkedHashSet<>();
    private final AtomicInteger wakeRequests = new AtomicInteger();

    synchronized void add(WaitingSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    synchronized boolean remove(WaitingSubscriber subscriber) {
        return subscribers.remove(subscriber);
    }

    synchronized int size() {
        return subscribers.size();
    }

    synchronized boolean isEmpty() {
        return subscribers.isEmpty();
    }

    /** The held subscribers, the longest waiting first. */
    synchronized List<WaitingSubscriber> snapshot() {
        return new ArrayList<>(subscribers);
    }

    /** The held subscribers grouped by the id they wait after: one store read serves a group. */
    synchronized Map<MessageId, List<WaitingSubscriber>> groupedByLastMessage() {
        Map<MessageId, List<WaitingSubscriber>> groups = new LinkedHashMap<>();
        for (WaitingSubscriber subscriber : subscribers) {
            groups.computeIfAbsent(subscriber.after(), after -> new ArrayList<>()).add(subscriber);
        }
        return groups;
    }

    /** Records a wake-up request; true when the caller must run the wake-up (none was running). */
    boolean requestWake() {
        return wakeRequests.getAndIncrement() == 0;
    }

    /** The number of requests a wake-up about to run covers. */
    int pendingWakeRequests() {
        return wakeRequests.get();
    }

    /** Marks {@code served} requests done; true when more arrived meanwhile and another run is due. */
    boolean finishWake(int served) {
        return wakeRequests.addAndGet(-served) > 0;
    }
}
