package org.hbpush.server.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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

    // Milliseconds since the epoch, in a holder per channel set in place: a crowd polling one channel
    // writes a number per request, not a new Instant into the map.
    private final Map<ChannelId, AtomicLong> times = new ConcurrentHashMap<>();
    private final Clock clock;

    public LastRequests(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A subscriber asked for the channel now. */
    public void record(ChannelId channel) {
        long now = clock.millis();
        AtomicLong time = times.get(channel);
        if (time == null) {
            time = times.computeIfAbsent(channel, unknown -> new AtomicLong(now));
        }
        time.set(now);
        if (times.get(channel) != time) {
            // forgetOld or forget took the holder out as it was set: this request still counts
            times.putIfAbsent(channel, time);
        }
    }

    /** When a subscriber last asked for the channel on this node, if it did within {@link #KEPT_FOR}. */
    public Optional<Instant> lastRequested(ChannelId channel) {
        AtomicLong time = times.get(channel);
        return time == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(time.get()));
    }

    /** The channel was deleted: a channel made again under its id starts afresh. */
    public void forget(ChannelId channel) {
        times.remove(channel);
    }

    /** Forgets the times older than {@link #KEPT_FOR}; run from time to time. */
    public void forgetOld() {
        long oldest = clock.millis() - KEPT_FOR.toMillis();
        times.values().removeIf(time -> time.get() < oldest);
    }

    /** The clock the times are read from, for "N seconds ago". */
    public Clock clock() {
        return clock;
    }
}
