package org.hbpush.store.memory;

import java.util.ArrayList;
import java.util.List;

import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The stored messages of one channel, oldest first. Not thread-safe: the owning
 * {@link MemoryChannel}'s lock guards it.
 *
 * <p>Ids only grow, so the list is sorted by id as it is appended to, and a lookup is a binary
 * search. Retention will drop messages from the head; this is the place that will then remember
 * the newest dropped id, to tell a lookup from before it that it skipped a gap.
 */
final class MessageLog {
    private final List<Message> messages = new ArrayList<>();

    /** Appends a message whose id is greater than every stored one. */
    void append(Message message) {
        requireNonNull(message, "message is null");
        if (!messages.isEmpty() && !message.id().isAfter(newest().id())) {
            throw new IllegalStateException(format("message %s does not follow %s", message.id(), newest().id()));
        }
        messages.add(message);
    }

    /** The first stored message whose id is greater than {@code after}, or nothing newer. */
    MessageLookup firstAfter(MessageId after) {
        requireNonNull(after, "after is null");
        int index = indexOfFirstAfter(after);
        if (index == messages.size()) {
            return MessageLookup.nothingNewer();
        }
        return MessageLookup.found(messages.get(index));
    }

    int size() {
        return messages.size();
    }

    private Message newest() {
        return messages.get(messages.size() - 1);
    }

    /** The smallest index whose message id is greater than {@code after}; size() when there is none. */
    private int indexOfFirstAfter(MessageId after) {
        int low = 0;
        int high = messages.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (messages.get(middle).id().isAfter(after)) {
                high = middle;
            }
            else {
                low = middle + 1;
            }
        }
        return low;
    }
}
