package org.hbpush.store.postgresql;

import org.hbpush.api.ChannelId;
import org.hbpush.api.PostedMessage;

import static java.util.Objects.requireNonNull;

/**
 * An event as it travels between nodes in a NOTIFY payload. {@code origin} names the store
 * instance that sent it: that instance told its own listeners already and skips it.
 */
sealed interface StoreEvent {
    /** A message was posted. */
    record Posted(String origin, ChannelId channel, PostedMessage posted) implements StoreEvent {
        public Posted {
            requireNonNull(origin, "origin is null");
            requireNonNull(channel, "channel is null");
            requireNonNull(posted, "posted is null");
        }
    }

    /** A channel was deleted. */
    record Deleted(String origin, ChannelId channel) implements StoreEvent {
        public Deleted {
            requireNonNull(origin, "origin is null");
            requireNonNull(channel, "channel is null");
        }
    }

    /** A subscriber claimed the channel (subscriber_concurrency: last). */
    record Claimed(String origin, ChannelId channel, String claimant) implements StoreEvent {
        public Claimed {
            requireNonNull(origin, "origin is null");
            requireNonNull(channel, "channel is null");
            requireNonNull(claimant, "claimant is null");
        }
    }

    /** An event too large for a payload, kept in the relayed_events row {@code id}. */
    record Relayed(String origin, long id) implements StoreEvent {
        public Relayed {
            requireNonNull(origin, "origin is null");
        }
    }
}
