package org.hbpush.server.http;

import java.util.ArrayList;
import java.util.List;

import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;

import static java.util.Objects.requireNonNull;

/**
 * What a subscriber has: the last message it got from each channel it follows. A plain subscriber
 * follows one channel and its position travels as {@code Last-Modified} and {@code Etag}. A
 * multiplexed one follows several: its position travels in one compound {@code Etag} listing the
 * last message id of each channel in the order of the URL, {@code time:tag} or {@code -} for none,
 * separated by {@code ;} (for example {@code "1795747130:0;-;1795747133:2"}).
 */
final class SubscriberPosition {
    private final List<ChannelId> channels;
    private final List<MessageId> lastMessages;
    private final boolean multiplexed;

    private SubscriberPosition(List<ChannelId> channels, List<MessageId> lastMessages, boolean multiplexed) {
        this.channels = List.copyOf(requireNonNull(channels, "channels is null"));
        this.lastMessages = List.copyOf(requireNonNull(lastMessages, "lastMessages is null"));
        this.multiplexed = multiplexed;
        if (this.channels.isEmpty() || this.channels.size() != this.lastMessages.size()) {
            throw new IllegalArgumentException("one last message per channel, and at least one channel");
        }
    }

    static SubscriberPosition single(ChannelId channel, MessageId lastMessage) {
        return new SubscriberPosition(List.of(channel), List.of(lastMessage), false);
    }

    static SubscriberPosition multiplexed(List<ChannelId> channels, List<MessageId> lastMessages) {
        return new SubscriberPosition(channels, lastMessages, true);
    }

    List<ChannelId> channels() {
        return channels;
    }

    MessageId lastMessage(int index) {
        return lastMessages.get(index);
    }

    boolean isMultiplexed() {
        return multiplexed;
    }

    /** The position once the subscriber has {@code delivered}, from channel {@code index}. */
    SubscriberPosition after(int index, MessageId delivered) {
        List<MessageId> moved = new ArrayList<>(lastMessages);
        moved.set(index, delivered);
        return new SubscriberPosition(channels, moved, multiplexed);
    }

    /** The Etag that carries this position. */
    String etag() {
        if (!multiplexed) {
            return Long.toString(lastMessages.get(0).tag());
        }
        StringBuilder etag = new StringBuilder("\"");
        for (int index = 0; index < lastMessages.size(); index++) {
            MessageId id = lastMessages.get(index);
            etag.append(index == 0 ? "" : ";").append(id.equals(MessageId.BEFORE_ALL) ? "-" : id.toString());
        }
        return etag.append('"').toString();
    }

    /** The newest time among the last messages, for Last-Modified. */
    long newestTime() {
        long newest = 0;
        for (MessageId id : lastMessages) {
            newest = Math.max(newest, id.time());
        }
        return newest;
    }

    /** True while the subscriber has no message at all. */
    boolean hasNothing() {
        return lastMessages.stream().allMatch(MessageId.BEFORE_ALL::equals);
    }
}
