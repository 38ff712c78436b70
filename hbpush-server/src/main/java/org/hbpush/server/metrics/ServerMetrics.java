package org.hbpush.server.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.hbpush.api.Store;
import org.hbpush.server.config.LocationConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The meters a metrics location exposes, in one Micrometer registry of this server (never the
 * global one: two servers in one JVM, as in tests, count apart). Made only when a metrics location
 * is configured, so a server without one pays nothing on its request and store paths.
 *
 * <pre>{@code
 * ServerMetrics metrics = new ServerMetrics();
 * Store store = metrics.metered(pluginStore, "default", "memory");
 * metrics.watchStore("default", "memory", store, subscribers::held, subscribers::channelsWithHeld);
 * metrics.scrape(out, ScrapeFormat.TEXT);
 * metrics.close();
 * }</pre>
 */
public final class ServerMetrics implements AutoCloseable {
    static final String WAITING_SUBSCRIBERS = "hbpush.waiting.subscribers";
    static final String WAITING_CHANNELS = "hbpush.waiting.channels";
    static final String STORE_CHANNELS = "hbpush.store.channels";
    static final String STORE_MESSAGES = "hbpush.store.messages";

    private static final Logger log = LoggerFactory.getLogger(ServerMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** A registry with the JVM's and the process's meters bound: memory, GC, threads, classes, CPU, uptime, file descriptors. */
    public ServerMetrics() {
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
    }

    /** The registry, for the Jetty binders the server adds. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The store, every call of it timed (see {@link MeteredStore}). */
    public Store metered(Store store, String name, String type) {
        return new MeteredStore(store, name, type, registry);
    }

    /**
     * Gauges of one store, read on each scrape: the long polls held on its channels by this node,
     * the channels with at least one, and, when the store tells them ({@link Store#channelCount()}),
     * its channels and kept messages.
     */
    public void watchStore(String name, String type, Store store, LongSupplier waitingSubscribers, LongSupplier waitingChannels) {
        requireNonNull(store, "store is null");
        Tags tags = Tags.of("store", requireNonNull(name, "name is null"), "store_type", requireNonNull(type, "type is null"));
        gauge(WAITING_SUBSCRIBERS, "Long polls held on this node, on the store's channels", tags, waitingSubscribers);
        gauge(WAITING_CHANNELS, "Channels of the store with at least one long poll held on this node", tags, waitingChannels);
        if (store.channelCount().isPresent()) {
            gauge(STORE_CHANNELS, "Channels the store holds (stores that can tell cheaply only)", tags,
                    () -> store.channelCount().orElse(0));
        }
        if (store.storedMessageCount().isPresent()) {
            gauge(STORE_MESSAGES, "Messages the store keeps over all its channels (stores that can tell cheaply only)", tags,
                    () -> store.storedMessageCount().orElse(0));
        }
    }

    /** The meters of a configured location. */
    public LocationMeters location(LocationConfiguration location) {
        requireNonNull(location, "location is null");
        String label = locationLabel(location);
        return switch (location.type()) {
            case PUBLISHER -> LocationMeters.publisher(registry, label, location.store());
            case SUBSCRIBER -> LocationMeters.subscriber(registry, label, location.store());
            case HEALTH, STATS, METRICS -> LocationMeters.other(registry, label, location.type().configurationName());
        };
    }

    /** The meters of the requests no location took ({@code location="none"}). */
    public LocationMeters unmatched() {
        return LocationMeters.other(registry, "none", "none");
    }

    /** Writes every meter in {@code format}. */
    public void scrape(OutputStream out, ScrapeFormat format) throws IOException {
        registry.scrape(out, format.contentType());
    }

    /** Unhooks the GC listener and closes the registry. */
    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            }
            catch (Exception e) {
                log.warn("while closing metrics: {}", e.toString());
            }
        }
        registry.close();
    }

    /** Its prefix or url pattern as configured: readable in a dashboard, and stable while the file is. */
    static String locationLabel(LocationConfiguration location) {
        return location.url().map(url -> url.pattern()).orElseGet(() -> location.prefix().orElse(""));
    }

    private void gauge(String name, String description, Tags tags, LongSupplier value) {
        // A strong reference: Micrometer holds gauge objects weakly, and nothing else holds these lambdas.
        Gauge.builder(name, value, supplier -> supplier.getAsLong())
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}
