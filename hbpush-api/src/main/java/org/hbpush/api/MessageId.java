package org.hbpush.api;

import java.time.Instant;

import static java.lang.String.format;

/**
 * The id of a message in its channel: a time in whole seconds since the epoch and a tag that
 * counts messages within that second. Ids are ordered by time, then tag.
 *
 * <p>Over HTTP the time travels as {@code Last-Modified} and the tag as {@code Etag}; a subscriber
 * sends them back as {@code If-Modified-Since} and {@code If-None-Match} to ask for the next message.
 * A subscriber that sends neither asks with {@link #BEFORE_ALL}.
 *
 * <p>Stores assign ids with {@link #following(MessageId, long)}, which is the rule of the protocol:
 *
 * <pre>{@code
 * MessageId last = ...;                        // the channel's newest id, or BEFORE_ALL
 * long now = clock.instant().getEpochSecond();
 * MessageId next = MessageId.following(last, now);
 * }</pre>
 *
 * @param time seconds since the epoch, never negative
 * @param tag  the counter within {@code time}, -1 only in {@link #BEFORE_ALL}
 */
public record MessageId(long time, long tag) implements Comparable<MessageId> {
    /** The id that sorts before every message: time 0, tag -1. */
    public static final MessageId BEFORE_ALL = new MessageId(0, -1);

    public MessageId {
        if (time < 0) {
            throw new IllegalArgumentException(format("time must not be negative: %s", time));
        }
        if (tag < -1) {
            throw new IllegalArgumentException(format("tag must be -1 or more: %s", tag));
        }
    }

    /**
     * The id of the message that follows {@code last} when posted at {@code nowSeconds}: the same
     * second as the last message gives the next tag; a later second starts again at tag 0; a clock
     * that went backwards keeps the last time and takes the next tag, so ids never go backwards.
     */
    public static MessageId following(MessageId last, long nowSeconds) {
        if (nowSeconds > last.time) {
            return new MessageId(nowSeconds, 0);
        }
        return new MessageId(last.time, last.tag + 1);
    }

    /** True when this id sorts after {@code other}. */
    public boolean isAfter(MessageId other) {
        return compareTo(other) > 0;
    }

    /** The time as an instant. */
    public Instant instant() {
        return Instant.ofEpochSecond(time);
    }

    @Override
    public int compareTo(MessageId other) {
        int byTime = Long.compare(time, other.time);
        return byTime != 0 ? byTime : Long.compare(tag, other.tag);
    }

    /** {@code time:tag}, the form channel information uses. */
    @Override
    public String toString() {
        return time + ":" + tag;
    }
}
