package org.hbpush.server.subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbpush.api.MessageId;

/**
 * The subscribers held on one channel of one store, and the bookkeeping that coalesces wake-ups:
 * a burst of events while a wake-up is running costs one more wake-up, not one per event.
 */
final class ChannelWaiters {
    private final Set<WaitingSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger wakeRequests = new AtomicInteger();

    void add(WaitingSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    boolean remove(WaitingSubscriber subscriber) {
        return subscribers.remove(subscriber);
    }

    int size() {
        return subscribers.size();
    }

    boolean isEmpty() {
        return subscribers.isEmpty();
    }

    List<WaitingSubscriber> snapshot() {
        return new ArrayList<>(subscribers);
    }

    /** The held subscribers grouped by the id they wait after: one store read serves a group. */
    Map<MessageId, List<WaitingSubscriber>> groupedByLastMessage() {
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
