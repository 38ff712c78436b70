package org.hbpush.api;

import java.time.Duration;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * How long a channel keeps the messages posted with these settings: at most its newest
 * {@code maxMessages}, each for {@code messageTimeout} ({@link Duration#ZERO}: until pushed out by
 * newer ones or the channel is deleted). With {@code storeMessages} false nothing is kept: the
 * message only reaches the subscribers waiting when it is posted.
 *
 * <p>The publisher location's {@code message_buffer_length}, {@code message_timeout} and
 * {@code store_messages} become this value and travel with each post, so one store can serve
 * locations with different limits. A store applies the limits of each post when it stores it,
 * drops expired messages without a request having to touch the channel, and reports a read that
 * skipped dropped messages as a gap ({@link MessageLookup#gap()}).
 *
 * <pre>{@code
 * Retention.DEFAULT                                  // 1000 messages, one hour each
 * new Retention(10, Duration.ofMinutes(5), true)     // a short buffer
 * Retention.NONE                                     // deliver to waiting subscribers only
 * }</pre>
 *
 * @param maxMessages    the most messages the channel keeps, oldest dropped first; at least 1
 * @param messageTimeout how long each message is kept; zero for no time limit
 * @param storeMessages  false to keep no message at all
 */
public record Retention(int maxMessages, Duration messageTimeout, boolean storeMessages) {
    /** The protocol's defaults: the newest 1000 messages, for one hour each. */
    public static final Retention DEFAULT = new Retention(1000, Duration.ofHours(1), true);
    /** Keep nothing: a message only reaches the subscribers waiting when it is posted. */
    public static final Retention NONE = new Retention(1, Duration.ZERO, false);
    /** Keep every message until the channel is deleted, as py-hbpush did. */
    public static final Retention UNLIMITED = new Retention(Integer.MAX_VALUE, Duration.ZERO, true);

    public Retention {
        requireNonNull(messageTimeout, "messageTimeout is null");
        if (maxMessages < 1) {
            throw new IllegalArgumentException(format("maxMessages must be at least 1: %s", maxMessages));
        }
        if (messageTimeout.isNegative()) {
            throw new IllegalArgumentException(format("messageTimeout must not be negative: %s", messageTimeout));
        }
    }

    /** True when messages expire after {@link #messageTimeout()}. */
    public boolean expires() {
        return !messageTimeout.isZero();
    }
}
