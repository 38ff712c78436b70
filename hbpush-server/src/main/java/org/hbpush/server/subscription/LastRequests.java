package org.hbpush.server.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.hbpush.api.ChannelId;

import static java.util.Objects.requireNonNull;

/**
 * When subscribers last asked for each channel of one store, on this node: the "last requested"
 * of the channel information. Entries older than {@link #KEPT_FOR} are forgotten, so channels
 * nobody asks for cost nothing.
 */
public final class LastRequests {
    /** How long a request time is remembered. */
    public static final Duration KEPT_FOR = Duration.ofHours(24);

    private final Map<ChannelId, Instant> times = new ConcurrentHashMap<>();
    private final Clock clock;

    public LastRequests(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A subscriber asked for the channel now. */
    public void record(ChannelId channel) {
        times.put(channel, clock.instant());
    }

    /** When a subscriber last asked for the channel on this node, if it did within {@link #KEPT_FOR}. */
    public Optional<Instant> lastRequested(ChannelId channel) {
        return Optional.ofNullable(times.get(channel));
    }

    /** The channel was deleted: a channel made again under its id starts afresh. */
    public void forget(ChannelId channel) {
        times.remove(channel);
    }

    /** Forgets the times older than {@link #KEPT_FOR}; run from time to time. */
    public void forgetOld() {
        Instant oldest = clock.instant().minus(KEPT_FOR);
        times.values().removeIf(time -> time.isBefore(oldest));
    }

    /** The clock the times are read from, for "N seconds ago". */
    public Clock clock() {
        return clock;
    }
}
