package org.hbpush.server.config;

import org.hbpush.api.PostOptions;
import org.hbpush.api.Retention;

import static java.util.Objects.requireNonNull;

/**
 * What a publisher location does with the messages posted to it.
 *
 * @param createOnPost   {@code create_on_post}: whether POST creates a missing channel (default true)
 * @param maxMessageSize {@code max_message_size}: the largest accepted body, in bytes (default 1 MiB)
 * @param retention      {@code message_buffer_length}, {@code message_timeout}, {@code store_messages}:
 *                       how long a channel keeps the messages posted here (default 1000 messages, 3600 s, stored)
 */
public record PublisherConfiguration(boolean createOnPost, long maxMessageSize, Retention retention) {
    /** {@code max_message_size} when not given: 1 MiB. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 1_048_576;
    /** Every key at its default. */
    public static final PublisherConfiguration DEFAULT = new PublisherConfiguration(true, DEFAULT_MAX_MESSAGE_SIZE, Retention.DEFAULT);

    public PublisherConfiguration {
        requireNonNull(retention, "retention is null");
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        }
    }

    /** What each POST asks of the store. */
    public PostOptions postOptions() {
        return new PostOptions(createOnPost, retention);
    }
}
