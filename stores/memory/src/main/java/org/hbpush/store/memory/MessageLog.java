package org.hbpush.store.memory;

import java.util.ArrayList;
import java.util.List;

import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.Retention;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The stored messages of one channel, oldest first, each with the time it expires. Not
 * thread-safe: the owning {@link MemoryChannel}'s lock guards it.
 *
 * <p>Ids only grow, so the list is sorted by id as it is appended to, and a lookup is a binary
 * search. Retention drops messages from the head and remembers the newest id it dropped, so a
 * lookup from before it knows it skipped a gap.
 */
final class MessageLog {
    private static final long NEVER = Long.MAX_VALUE;

    private record Entry(Message message, long expiresAtMillis) {
        boolean expiredAt(long nowMillis) {
            return expiresAtMillis <= nowMillis;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private MessageId newestDropped = MessageId.BEFORE_ALL;

    /** Appends a message whose id is greater than every stored one, then applies the limits. */
    void append(Message message, Retention retention, long nowMillis) {
        requireNonNull(message, "message is null");
        requireNonNull(retention, "retention is null");
        if (!entries.isEmpty() && !message.id().isAfter(newest().id())) {
            throw new IllegalStateException(format("message %s does not follow %s", message.id(), newest().id()));
        }
        long expiresAt = retention.expires() ? nowMillis + retention.messageTimeout().toMillis() : NEVER;
        entries.add(new Entry(message, expiresAt));
        if (entries.size() > retention.maxMessages()) {
            dropOldest(entries.size() - retention.maxMessages());
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

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
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
