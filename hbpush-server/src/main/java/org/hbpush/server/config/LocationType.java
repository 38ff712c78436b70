package org.hbpush.server.config;

import java.util.Locale;
import java.util.Optional;

/**
 * What a location does, written {@code type: publisher} or {@code type: subscriber}.
 * A publisher location creates, posts to, inspects and deletes channels; a subscriber location
 * hands out their messages (PROTOCOL.md "Publisher location" and "Subscriber location").
 */
public enum LocationType {
    PUBLISHER,
    SUBSCRIBER;

    /** The word used in configuration files: {@code publisher} or {@code subscriber}. */
    public String configurationName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this configuration name, exactly as written ({@code publisher}). */
    public static Optional<LocationType> fromConfigurationName(String name) {
        for (LocationType type : values()) {
            if (type.configurationName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
