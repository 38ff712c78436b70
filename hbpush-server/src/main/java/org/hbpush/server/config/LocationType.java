package org.hbpush.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a location does, written {@code type: publisher}, {@code subscriber}, {@code health},
 * {@code stats} or {@code metrics}. A publisher location creates, posts to, inspects and deletes channels; a
 * subscriber location hands out their messages (PROTOCOL.md "Publisher location" and "Subscriber
 * location"); a health location tells a load balancer whether this node is alive and ready; a
 * stats location describes this node's traffic and state; a metrics location exposes them to
 * Prometheus.
 */
public enum LocationType {
    PUBLISHER,
    SUBSCRIBER,
    HEALTH,
    STATS,
    METRICS;

    /** The word used in configuration files: {@code publisher}, {@code subscriber}, ... */
    public String configurationName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether its paths name channels (and so it uses a store and its channel-id keys). */
    public boolean hasChannels() {
        return switch (this) {
            case PUBLISHER, SUBSCRIBER -> true;
            case HEALTH, STATS, METRICS -> false;
        };
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

    /** Every configuration name, for messages: {@code publisher, subscriber, health, stats or metrics}. */
    static String choices() {
        List<String> names = new ArrayList<>();
        for (LocationType type : values()) {
            names.add(type.configurationName());
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
