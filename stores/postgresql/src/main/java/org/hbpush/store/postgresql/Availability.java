package org.hbpush.store.postgresql;

import java.util.Optional;
import java.util.function.LongSupplier;

import org.hbpush.api.StoreUnavailableException;

import static java.util.Objects.requireNonNull;

/**
 * Makes calls fail at once while PostgreSQL is known to be down, instead of each one waiting the
 * whole connect timeout (and holding a JDBC thread) to learn the same thing. After a connection
 * failure, calls fail fast with its reason; one call per probe interval still goes through, and the
 * first that succeeds opens the way again. So the store serves again within a probe interval of
 * PostgreSQL coming back.
 */
final class Availability {
    private final long probeIntervalNanos;
    private final LongSupplier nanoClock;
    private Optional<StoreUnavailableException> down = Optional.empty();
    private long nextProbeNanos;
    private long outages;

    Availability(long probeIntervalNanos, LongSupplier nanoClock) {
        this.probeIntervalNanos = probeIntervalNanos;
        this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
    }

    /** The failure to answer at once, or empty when the call should try PostgreSQL. */
    synchronized Optional<StoreUnavailableException> refusal() {
        if (down.isEmpty()) {
            return Optional.empty();
        }
        long now = nanoClock.getAsLong();
        if (now - nextProbeNanos >= 0) {
            nextProbeNanos = now + probeIntervalNanos;
            return Optional.empty();
        }
        StoreUnavailableException cause = down.get();
        return Optional.of(new StoreUnavailableException(cause.getMessage(), cause));
    }

    /**
     * For a call admitted earlier, when it is about to run: a refusal only when PostgreSQL went down
     * since it was admitted ({@code outagesAtAdmission} is what {@link #outages()} said then), so
     * queued calls fail fast, but a call admitted as a probe does probe.
     */
    synchronized Optional<StoreUnavailableException> refusalSince(long outagesAtAdmission) {
        return outages == outagesAtAdmission ? Optional.empty() : refusal();
    }

    /** How many times PostgreSQL was found down so far. */
    synchronized long outages() {
        return outages;
    }

    synchronized void succeeded() {
        down = Optional.empty();
    }

    synchronized void connectionFailed(StoreUnavailableException failure) {
        requireNonNull(failure, "failure is null");
        if (down.isEmpty()) {
            nextProbeNanos = nanoClock.getAsLong() + probeIntervalNanos;
            outages++;
        }
        down = Optional.of(failure);
    }

    synchronized boolean isDown() {
        return down.isPresent();
    }
}
