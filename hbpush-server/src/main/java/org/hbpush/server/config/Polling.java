package org.hbpush.server.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How a subscriber location answers when the channel has nothing newer than what the client has
 * ({@code polling:} of a subscriber location).
 */
public enum Polling {
    /** {@code polling: long} (the default): hold the request until a message is posted or the channel deleted. */
    LONG,
    /** {@code polling: interval}: answer 304 Not Modified at once; the client asks again later. */
    INTERVAL;

    /** The word used in configuration files: {@code long} or {@code interval}. */
    public String configurationName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The polling with this configuration name, exactly as written ({@code interval}). */
    public static Optional<Polling> fromConfigurationName(String name) {
        for (Polling polling : values()) {
            if (polling.configurationName().equals(name)) {
                return Optional.of(polling);
            }
        }
        return Optional.empty();
    }
}
