package org.hbpush.server.subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>The subscribers stand in a line of {@link Place}s, linked both ways: joining and leaving are a
 * few pointer writes, with no hashing and no table to grow back each time a crowd is answered and
 * comes back.
 */
final class ChannelWaiters {
    // guarded by this: changed inside the channel map's compute, read by deliveries and stats
    private Place first;
    private Place last;
    private int size;
    private final AtomicInteger wakeRequests = new AtomicInteger();

    /** A held subscriber's place in the line of its channel; it leaves the line once, if at all. */
    static final class Place {
        final WaitingSubscriber subscriber;
        // guarded by the line's monitor; line is null once the place has left it
        private ChannelWaiters line;
        private Place previous;
        private Place next;

        private Place(WaitingSubscriber subscriber, ChannelWaiters line) {
            this.subscriber = subscriber;
            this.line = line;
        }
    }

    /** Puts the subscriber at the end of the line. */
    synchronized Place add(WaitingSubscriber subscriber) {
        Place place = new Place(subscriber, this);
        place.previous = last;
        if (last == null) {
            first = place;
        }
        else {
            last.next = place;
        }
        last = place;
        size++;
        return place;
    }

    /** Takes the place out of the line; false when it was not in this line (left already, or another line's). */
    synchronized boolean remove(Place place) {
        if (place.line != this) {
            return false;
        }
        if (place.previous == null) {
            first = place.next;
        }
        else {
            place.previous.next = place.next;
        }
        if (place.next == null) {
            last = place.previous;
        }
        else {
            place.next.previous = place.previous;
        }
        place.line = null;
        place.previous = null;
        place.next = null;
        size--;
        return true;
    }

    synchronized int size() {
        return size;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    /** The places in the line, the longest waiting first. */
    synchronized List<Place> snapshot() {
        List<Place> places = new ArrayList<>(size);
        for (Place place = first; place != null; place = place.next) {
            places.add(place);
        }
        return places;
    }

    /** The places in the line grouped by the id their subscribers wait after: one store read serves a group. */
    synchronized Map<MessageId, List<Place>> groupedByLastMessage() {
        Map<MessageId, List<Place>> groups = new LinkedHashMap<>();
        for (Place place = first; place != null; place = place.next) {
            groups.computeIfAbsent(place.subscriber.after(), after -> new ArrayList<>()).add(place);
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
