package org.hbpush.store.postgresql;

import java.util.Optional;

import org.hbpush.api.MessageId;
import org.hbpush.api.Retention;

import static java.util.Objects.requireNonNull;

/**
 * What a channel holds once a post has applied its retention.
 *
 * @param dropped  the newest id that retention ever dropped from the channel
 * @param messages the channel's message rows, expired or not
 */
record Retained(MessageId dropped, long messages) {
    Retained {
        requireNonNull(dropped, "dropped is null");
    }

    /**
     * What the channel holds after a post under {@code retention}, when the post drops nothing: it
     * keeps no message, or its message still fits the buffer. Empty when the post must trim.
     */
    static Optional<Retained> untrimmed(ChannelRow row, Retention retention) {
        if (!retention.storeMessages()) {
            return Optional.of(new Retained(row.dropped(), row.messages()));
        }
        long messages = row.messages() + 1;
        return messages <= retention.maxMessages() ? Optional.of(new Retained(row.dropped(), messages)) : Optional.empty();
    }
}
