package org.hbpush.server.subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbpush.api.MessageId;
import org.hbpush.server.util.Line;

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
 * <p>The subscribers stand in a {@link Line} of {@link Place}s: joining and leaving are a few pointer
 * writes, with no hashing and no table to grow back each time a crowd is answered and comes back.
 */
final class ChannelWaiters {
    // guarded by this: changed inside the channel map's compute, read by deliveries and stats
    private final Line<Place> line = new Line<>();
    private final AtomicInteger wakeRequests = new AtomicInteger();

    /** A held subscriber's place in the line of its channel; it leaves the line once, if at all. */
    static final class Place extends Line.Member<Place> {
        final WaitingSubscriber subscriber;

        private Place(WaitingSubscriber subscriber) {
            this.subscriber = subscriber;
        }
    }

    /** Puts the subscriber at the end of the line. */
    synchronized Place add(WaitingSubscriber subscriber) {
        Place place = new Place(subscriber);
        line.append(place);
        return place;
    }

    /** Takes the place out of the line; false when it was not in this line (left already, or another line's). */
    synchronized boolean remove(Place place) {
        return line.remove(place);
    }

    synchronized int size() {
        return line.size();
    }

    synchronized boolean isEmpty() {
        return line.isEmpty();
    }

    /** The places in the line, the longest waiting first. */
    synchronized List<Place> snapshot() {
        List<Place> places = new ArrayList<>(line.size());
        for (Place place = line.first(); place != null; place = place.next()) {
            places.add(place);
        }
        return places;
    }

    /** The places in the line grouped by the id their subscribers wait after: one store read serves a group. */
    synchronized Map<MessageId, List<Place>> groupedByLastMessage() {
        Map<MessageId, List<Place>> groups = new LinkedHashMap<>();
        for (Place place = line.first(); place != null; place = place.next()) {
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
