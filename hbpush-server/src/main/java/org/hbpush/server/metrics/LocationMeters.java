package org.hbpush.server.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.hbpush.api.Message;

import static java.util.Objects.requireNonNull;

/**
 * The meters of one location: its requests by status, and for a publisher or subscriber location
 * the messages it published or delivered and the publish-to-delivery latency of its held polls.
 * Labels: {@code location} (its prefix or url pattern, as configured), {@code type} and, where
 * messages go through, {@code store}.
 */
public final class LocationMeters implements DeliveryRecorder {
    static final String REQUESTS = "hbpush.http.requests";
    static final String PUBLISHED = "hbpush.messages.published";
    static final String DELIVERED = "hbpush.messages.delivered";
    static final String DELIVERY_LATENCY = "hbpush.delivery.latency";
    /** A held poll answered inside the event of the post it waited for: usually well under a millisecond on one node. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Tags locationTags;
    private final ConcurrentMap<Integer, Counter> requestsByStatus = new ConcurrentHashMap<>();
    private final Counter published;
    private final Counter delivered;
    private final Timer latency;

    private LocationMeters(MeterRegistry registry, Tags locationTags, Counter published, Counter delivered, Timer latency) {
        this.registry = requireNonNull(registry, "registry is null");
        this.locationTags = requireNonNull(locationTags, "locationTags is null");
        this.published = published;
        this.delivered = delivered;
        this.latency = latency;
    }

    /** A publisher location: its messages published to {@code store}. */
    static LocationMeters publisher(MeterRegistry registry, String location, String store) {
        Counter published = Counter.builder(PUBLISHED)
                .description("Messages accepted by a publisher location (answered 201 or 202)")
                .tags("location", location, "store", store)
                .register(registry);
        return new LocationMeters(registry, Tags.of("location", location, "type", "publisher"), published, null, null);
    }

    /** A subscriber location: its messages delivered from {@code store}, and their latency when held. */
    static LocationMeters subscriber(MeterRegistry registry, String location, String store) {
        Counter delivered = Counter.builder(DELIVERED)
                .description("Messages a subscriber location answered with (200), held long polls or not")
                .tags("location", location, "store", store)
                .register(registry);
        Timer latency = Timer.builder(DELIVERY_LATENCY)
                .description("From a post event reaching this node to the message being written to a held long poll that waited for it")
                .tags("location", location, "store", store)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        return new LocationMeters(registry, Tags.of("location", location, "type", "subscriber"), null, delivered, latency);
    }

    /** A location through which no message goes (health, stats, metrics), or {@code none} for requests no location took. */
    static LocationMeters other(MeterRegistry registry, String location, String type) {
        return new LocationMeters(registry, Tags.of("location", location, "type", type), null, null, null);
    }

    /** A request this location took was answered with {@code status}. */
    public void requestAnswered(int status) {
        requestsByStatus.computeIfAbsent(status, code -> Counter.builder(REQUESTS)
                .description("HTTP requests answered, by location, location type and status")
                .tags(locationTags).tag("status", Integer.toString(code))
                .register(registry))
                .increment();
    }

    /** A publisher location accepted a message. */
    public void messagePublished() {
        if (published != null) {
            published.increment();
        }
    }

    /** A subscriber location answered with a message. */
    public void messageDelivered() {
        if (delivered != null) {
            delivered.increment();
        }
    }

    /** Records the latency when the delivery happens inside the post event of the message (see {@link PostEvents}). */
    @Override
    public void delivered(Message message) {
        long started = PostEvents.started();
        if (latency != null && started != PostEvents.NOT_IN_EVENT) {
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
