package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;

/**
 * What one subscriber received, checked against what was posted to its channel: every publisher's
 * messages must arrive exactly once and in the order that publisher posted them, and the
 * {@code (Last-Modified, Etag)} ids must increase from one message to the next.
 *
 * <p>Only the subscriber's own chain of requests touches its ledger, one answer at a time; the
 * methods are synchronized anyway because consecutive answers may be handled by different threads.
 */
final class DeliveryLedger {
    private final int expected;
    private final BitSet[] seen;
    private final int[] highest;
    private Optional<MessageId> lastId = Optional.empty();
    private int distinct;
    private int duplicated;
    private int reordered;

    /** @param expectedPerPublisher how many messages each publisher posts to this subscriber's channel */
    DeliveryLedger(int[] expectedPerPublisher) {
        requireNonNull(expectedPerPublisher, "expectedPerPublisher is null");
        this.expected = Arrays.stream(expectedPerPublisher).sum();
        this.seen = new BitSet[expectedPerPublisher.length];
        this.highest = new int[expectedPerPublisher.length];
        for (int publisher = 0; publisher < seen.length; publisher++) {
            seen[publisher] = new BitSet();
            highest[publisher] = -1;
        }
    }

    /** How a delivered message counts. */
    enum Delivery {
        /** the first delivery of this message */
        NEW,
        /** this subscriber had it already */
        DUPLICATE,
        /** not a message of this channel's publishers */
        FOREIGN
    }

    /** Records one delivered message. */
    synchronized Delivery record(SequenceBody message, Optional<MessageId> id) {
        int publisher = message.publisher();
        if (publisher < 0 || publisher >= seen.length) {
            return Delivery.FOREIGN;
        }
        int sequence = message.sequence();
        boolean outOfOrder = sequence < highest[publisher];
        if (id.isPresent() && lastId.isPresent() && id.get().compareTo(lastId.get()) <= 0) {
            // the server's ids went backwards or repeated: the walk is broken even if the bodies look fine
            outOfOrder = true;
        }
        Delivery delivery;
        if (seen[publisher].get(sequence)) {
            duplicated++;
            delivery = Delivery.DUPLICATE;
        }
        else {
            seen[publisher].set(sequence);
            distinct++;
            if (outOfOrder) {
                reordered++;
            }
            delivery = Delivery.NEW;
        }
        highest[publisher] = Math.max(highest[publisher], sequence);
        if (id.isPresent()) {
            lastId = id;
        }
        return delivery;
    }

    synchronized boolean isComplete() {
        return distinct >= expected;
    }

    synchronized int lost() {
        return expected - distinct;
    }

    synchronized int duplicated() {
        return duplicated;
    }

    synchronized int reordered() {
        return reordered;
    }

    int expected() {
        return expected;
    }
}
