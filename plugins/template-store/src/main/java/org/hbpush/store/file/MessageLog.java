package org.hbpush.store.file;

import java.util.ArrayList;
import java.util.List;

import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The kept messages of one channel, oldest first, in memory. Not thread-safe: the owning
 * {@link StoredChannel}'s lock guards it.
 *
 * <p>Ids only grow, so the list is sorted as it is appended to and a lookup is a binary search.
 * Retention drops messages from the head and remembers the newest id it dropped, so a lookup from
 * before it knows it skipped a gap.
 */
final class MessageLog {
    /** A kept message, with what its post asked: when it expires and how many the channel keeps. */
    record Entry(Message message, long expiresAtMillis, int maxMessages) {
        static final long NEVER = Long.MAX_VALUE;

        Entry {
            requireNonNull(message, "message is null");
            if (maxMessages < 1) {
                throw new IllegalArgumentException(format("maxMessages must be at least 1: %s", maxMessages));
            }
        }

        boolean expiredAt(long nowMillis) {
            return expiresAtMillis <= nowMillis;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private MessageId newestDropped = MessageId.BEFORE_ALL;

    /** Appends a message whose id is greater than every kept one, then keeps the newest {@code maxMessages}. */
    void append(Entry entry) {
        requireNonNull(entry, "entry is null");
        if (!entries.isEmpty() && !entry.message().id().isAfter(newest().id())) {
            throw new IllegalStateException(format("message %s does not follow %s", entry.message().id(), newest().id()));
        }
        entries.add(entry);
        if (entries.size() > entry.maxMessages()) {
            dropOldest(entries.size() - entry.maxMessages());
        }
    }

    /** Drops the expired messages at the head; a message posted with a longer timeout shields later ones until it expires. */
    void dropExpired(long nowMillis) {
        int expired = 0;
        while (expired < entries.size() && entries.get(expired).expiredAt(nowMillis)) {
            expired++;
        }
        if (expired > 0) {
            dropOldest(expired);
        }
    }

    /** The first unexpired message whose id is greater than {@code after}, or nothing newer. */
    MessageLookup firstAfter(MessageId after, long nowMillis) {
        requireNonNull(after, "after is null");
        dropExpired(nowMillis);
        boolean gap = !after.equals(MessageId.BEFORE_ALL) && after.compareTo(newestDropped) < 0;
        for (int index = indexOfFirstAfter(after); index < entries.size(); index++) {
            Entry entry = entries.get(index);
            if (!entry.expiredAt(nowMillis)) {
                return gap ? MessageLookup.foundAfterGap(entry.message()) : MessageLookup.found(entry.message());
            }
            // Expired behind a message that is not: skipped, so the subscriber missed it.
            gap = true;
        }
        return MessageLookup.nothingNewer();
    }

    /** The kept messages, oldest first: what a compacted file holds. */
    List<Entry> entries() {
        return List.copyOf(entries);
    }

    int size() {
        return entries.size();
    }

    /** The newest id retention dropped; {@link MessageId#BEFORE_ALL} when none was. */
    MessageId newestDropped() {
        return newestDropped;
    }

    /** Remembers a drop made before the store was reopened, so a reader from before it still learns of the gap. */
    void restoreNewestDropped(MessageId dropped) {
        requireNonNull(dropped, "dropped is null");
        if (dropped.isAfter(newestDropped)) {
            newestDropped = dropped;
        }
    }

    private void dropOldest(int count) {
        newestDropped = entries.get(count - 1).message().id();
        entries.subList(0, count).clear();
    }

    private Message newest() {
        return entries.get(entries.size() - 1).message();
    }

    /** The smallest index whose message id is greater than {@code after}; size() when there is none. */
    private int indexOfFirstAfter(MessageId after) {
        int low = 0;
        int high = entries.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (entries.get(middle).message().id().isAfter(after)) {
                high = middle;
            }
            else {
                low = middle + 1;
            }
        }
        return low;
    }
}
