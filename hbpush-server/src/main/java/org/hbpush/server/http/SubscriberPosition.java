package org.hbpush.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;

import static java.util.Objects.requireNonNull;

/**
 * What a subscriber has: the last message it got from each channel it follows. A plain subscriber
 * follows one channel and its position travels as {@code Last-Modified} and {@code Etag}. A
 * multiplexed one follows several: its position travels in one compound {@code Etag} listing the
 * last message id of each channel in the order of the URL, {@code time:tag} or {@code -} for none,
 * separated by {@code ;} (for example {@code "1795747130:0;-;1795747133:2"}).
 *
 * <p>The plain position, every poll's in the common case, is a channel and an id without lists.
 */
sealed interface SubscriberPosition permits SubscriberPosition.Single, SubscriberPosition.Multiplexed {
    static SubscriberPosition single(ChannelId channel, MessageId lastMessage) {
        return new Single(channel, lastMessage);
    }

    static SubscriberPosition multiplexed(List<ChannelId> channels, List<MessageId> lastMessages) {
        return new Multiplexed(channels, lastMessages);
    }

    /** How many channels the subscriber follows: 1 unless multiplexed. */
    int channelCount();

    /** The channel at {@code index}, in the order of the URL. */
    ChannelId channel(int index);

    /** The last message the subscriber has from the channel at {@code index}. */
    MessageId lastMessage(int index);

    boolean isMultiplexed();

    /** The position once the subscriber has {@code delivered}, from channel {@code index}. */
    SubscriberPosition after(int index, MessageId delivered);

    /** The Etag that carries this position. */
    String etag();

    /** The newest time among the last messages, for Last-Modified. */
    long newestTime();

    /** True while the subscriber has no message at all. */
    boolean hasNothing();

    /** A plain subscriber: one channel, one last message; its Etag is the message's tag. */
    final class Single implements SubscriberPosition {
        private final ChannelId channel;
        private final MessageId lastMessage;

        private Single(ChannelId channel, MessageId lastMessage) {
            this.channel = requireNonNull(channel, "channel is null");
            this.lastMessage = requireNonNull(lastMessage, "lastMessage is null");
        }

        @Override
        public int channelCount() {
            return 1;
        }

        @Override
        public ChannelId channel(int index) {
            Objects.checkIndex(index, 1);
            return channel;
        }

        @Override
        public MessageId lastMessage(int index) {
            Objects.checkIndex(index, 1);
            return lastMessage;
        }

        @Override
        public boolean isMultiplexed() {
            return false;
        }

        @Override
        public SubscriberPosition after(int index, MessageId delivered) {
            return new Single(channel, delivered);
        }

        @Override
        public String etag() {
            return Long.toString(lastMessage.tag());
        }

        @Override
        public long newestTime() {
            return lastMessage.time();
        }

        @Override
        public boolean hasNothing() {
            return lastMessage.equals(MessageId.BEFORE_ALL);
        }
    }

    /** A multiplexed subscriber: several channels, one last message each, one compound Etag. */
    final class Multiplexed implements SubscriberPosition {
        private final List<ChannelId> channels;
        private final List<MessageId> lastMessages;

        private Multiplexed(List<ChannelId> channels, List<MessageId> lastMessages) {
            this.channels = List.copyOf(requireNonNull(channels, "channels is null"));
            this.lastMessages = List.copyOf(requireNonNull(lastMessages, "lastMessages is null"));
            if (this.channels.isEmpty() || this.channels.size() != this.lastMessages.size()) {
                throw new IllegalArgumentException("one last message per channel, and at least one channel");
            }
        }

        @Override
        public int channelCount() {
            return channels.size();
        }

        @Override
        public ChannelId channel(int index) {
            return channels.get(index);
        }

        @Override
        public MessageId lastMessage(int index) {
            return lastMessages.get(index);
        }

        @Override
        public boolean isMultiplexed() {
            return true;
        }

        @Override
        public SubscriberPosition after(int index, MessageId delivered) {
            List<MessageId> moved = new ArrayList<>(lastMessages);
            moved.set(index, delivered);
            return new Multiplexed(channels, moved);
        }

        @Override
        public String etag() {
            StringBuilder etag = new StringBuilder("\"");
            for (int index = 0; index < lastMessages.size(); index++) {
                MessageId id = lastMessages.get(index);
                etag.append(index == 0 ? "" : ";").append(id.equals(MessageId.BEFORE_ALL) ? "-" : id.toString());
            }
            return etag.append('"').toString();
        }

        @Override
        public long newestTime() {
            long newest = 0;
            for (MessageId id : lastMessages) {
                newest = Math.max(newest, id.time());
            }
            return newest;
        }

        @Override
        public boolean hasNothing() {
            return lastMessages.stream().allMatch(MessageId.BEFORE_ALL::equals);
        }
    }
}
