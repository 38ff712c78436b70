package org.hbpush.api;

import static java.util.Objects.requireNonNull;

/**
 * What {@link Store#post} answers: the message as stored, with the id the store gave it, and the
 * channel's information right after the message was stored.
 *
 * <p>The server answers the publisher 201 Created when {@code channel.waitingSubscribers()} is more
 * than zero (those subscribers are woken with this message) and 202 Accepted otherwise.
 *
 * @param message the stored message
 * @param channel the channel right after the post
 */
public record PostResult(Message message, ChannelInfo channel) {
    public PostResult {
        requireNonNull(message, "message is null");
        requireNonNull(channel, "channel is null");
    }
}
