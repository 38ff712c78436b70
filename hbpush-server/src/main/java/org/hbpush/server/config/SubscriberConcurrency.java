package org.hbpush.server.config;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code subscriber_concurrency}: what happens when a long poll is held on a channel that already
 * has one (protocol section 3.1).
 */
public enum SubscriberConcurrency {
    /** Every held subscriber gets the next message (the default). */
    BROADCAST,
    /** The newest held subscriber stays; the older ones, on every node, are answered 409 Conflict. */
    LAST,
    /** The first held subscriber stays; a new one is answered 409 Conflict while it is held. */
    FIRST;

    /** The name as written in the configuration. */
    public String configurationName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SubscriberConcurrency> fromConfigurationName(String name) {
        for (SubscriberConcurrency concurrency : values()) {
            if (concurrency.configurationName().equals(name)) {
                return Optional.of(concurrency);
            }
        }
        return Optional.empty();
    }
}
