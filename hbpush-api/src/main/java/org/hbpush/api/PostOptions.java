package org.hbpush.api;

import static java.util.Objects.requireNonNull;

/**
 * What the publisher location asks of a {@link Store#post}.
 *
 * <pre>{@code
 * store.post(channel, "text/plain", body, new PostOptions(true, Retention.DEFAULT));
 * }</pre>
 *
 * @param createChannel create the channel when it does not exist ({@code create_on_post});
 *                      when false and it does not exist, nothing is stored
 * @param retention     how long the channel keeps this message
 */
public record PostOptions(boolean createChannel, Retention retention) {
    /** Create the channel if needed, keep the message as the protocol's defaults say. */
    public static final PostOptions DEFAULT = new PostOptions(true, Retention.DEFAULT);

    public PostOptions {
        requireNonNull(retention, "retention is null");
    }
}
