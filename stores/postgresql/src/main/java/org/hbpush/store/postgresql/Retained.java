package org.hbpush.store.postgresql;

import org.hbpush.api.MessageId;

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
}
