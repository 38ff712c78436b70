package org.hbpush.api;

import java.util.Optional;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * What a publisher is told about a channel: how many messages it holds, how many long-poll
 * subscribers wait on it (on every node, for a shared store), and the id of its newest message.
 *
 * @param channel            the channel
 * @param storedMessages     messages the store holds for it
 * @param waitingSubscribers held long polls, as counted through {@link Store#addWaitingSubscribers}
 * @param lastMessageId      the newest message's id; empty while the channel has never had one
 */
public record ChannelInfo(ChannelId channel, long storedMessages, long waitingSubscribers, Optional<MessageId> lastMessageId) {
    public ChannelInfo {
        requireNonNull(channel, "channel is null");
        requireNonNull(lastMessageId, "lastMessageId is null");
        if (storedMessages < 0) {
            throw new IllegalArgumentException(format("storedMessages must not be negative: %s", storedMessages));
        }
        if (waitingSubscribers < 0) {
            throw new IllegalArgumentException(format("waitingSubscribers must not be negative: %s", waitingSubscribers));
        }
    }

    /** A channel that holds nothing and has nobody waiting. */
    public static ChannelInfo empty(ChannelId channel) {
        return new ChannelInfo(channel, 0, 0, Optional.empty());
    }
}
