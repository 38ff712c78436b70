package org.hbpush.server.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.hbpush.server.config.LocationType;

import static java.util.Objects.requireNonNull;

/**
 * What this node did since it started, counted without locks: every request thread adds to
 * {@link LongAdder}s, which cost a few nanoseconds and never contend; a stats request sums them.
 *
 * <pre>{@code
 * NodeStats stats = new NodeStats(Clock.systemUTC());
 * stats.requestAnswered(Optional.of(LocationType.PUBLISHER), 202);
 * stats.messagePublished();
 * long published = stats.published();
 * }</pre>
 */
public final class NodeStats {
    private final Clock clock;
    private final Instant started;
    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final Map<LocationType, LongAdder> requests;

    public NodeStats(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        this.started = clock.instant();
        Map<LocationType, LongAdder> byType = new EnumMap<>(LocationType.class);
        for (LocationType type : LocationType.values()) {
            byType.put(type, new LongAdder());
        }
        this.requests = Collections.unmodifiableMap(byType);
    }

    /**
     * Counts an answered request.
     *
     * @param location the type of the location that answered it; empty when no location matched
     */
    public void requestAnswered(Optional<LocationType> location, int status) {
        requireNonNull(location, "location is null");
        location.ifPresentOrElse(type -> requests.get(type).increment(), unmatched::increment);
        if (status >= 400 && status < 500) {
            clientErrors.increment();
        }
        else if (status >= 500) {
            serverErrors.increment();
        }
    }

    /** A message was accepted by a publisher location of this node. */
    public void messagePublished() {
        published.increment();
    }

    /** A subscriber of this node was answered with a message. */
    public void messageDelivered() {
        delivered.increment();
    }

    public long published() {
        return published.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    /** Answers with a 4xx status. */
    public long clientErrors() {
        return clientErrors.sum();
    }

    /** Answers with a 5xx status. */
    public long serverErrors() {
        return serverErrors.sum();
    }

    /** Requests answered, by the type of location that answered them ({@code none}: no location matched), in enum order. */
    public Map<String, Long> requestsByLocationType() {
        Map<String, Long> counts = new LinkedHashMap<>();
        requests.forEach((type, count) -> counts.put(type.configurationName(), count.sum()));
        counts.put("none", unmatched.sum());
        return counts;
    }

    /** How long this node has run. */
    public Duration uptime() {
        return Duration.between(started, clock.instant());
    }
}
