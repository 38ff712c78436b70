package org.hbpush.server.config;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a subscriber location does when nothing is newer than what the client has.
 *
 * @param polling {@code polling}: answer 304 at once ({@code interval}) or hold the request until a
 *                message arrives ({@code long}, the default)
 * @param timeout {@code subscriber_timeout}: how long a long poll is held before it is answered
 *                304 Not Modified with the client's own validators, so the client simply polls
 *                again; zero holds it until a message comes. The default, 55 seconds, stays below
 *                the 60-second idle limits of common proxies and load balancers, which would
 *                otherwise cut the request with an error.
 * @param multiplexSeparator {@code multiplex_separator}: when set, one request may name several
 *                channels separated by it ({@code /sub/a,b,c}) and gets the next message of any
 * @param concurrency {@code subscriber_concurrency}: broadcast (default), last or first
 */
public record SubscriberConfiguration(Polling polling, Duration timeout, Optional<String> multiplexSeparator,
        SubscriberConcurrency concurrency) {
    /** {@code subscriber_timeout} when not given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(55);
    /** Every key at its default. */
    public static final SubscriberConfiguration DEFAULT = new SubscriberConfiguration(Polling.LONG, DEFAULT_TIMEOUT, Optional.empty(),
            SubscriberConcurrency.BROADCAST);

    public SubscriberConfiguration {
        requireNonNull(polling, "polling is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(multiplexSeparator, "multiplexSeparator is null");
        requireNonNull(concurrency, "concurrency is null");
        if (multiplexSeparator.isPresent() && multiplexSeparator.get().isEmpty()) {
            throw new IllegalArgumentException("multiplexSeparator must not be empty");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }
}
