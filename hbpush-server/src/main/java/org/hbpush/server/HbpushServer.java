package org.hbpush.server;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.api.Store;
import org.hbpush.server.auth.BearerAuthenticator;
import org.hbpush.server.config.ConfigurationException;
import org.hbpush.server.config.ConfiguredStore;
import org.hbpush.server.config.ListenerConfiguration;
import org.hbpush.server.config.LocationConfiguration;
import org.hbpush.server.config.LocationType;
import org.hbpush.server.config.ServerConfiguration;
import org.hbpush.server.config.ValidatedConfiguration;
import org.hbpush.server.http.AccessLog;
import org.hbpush.server.http.HealthHandler;
import org.hbpush.server.http.HttpThreadPool;
import org.hbpush.server.http.ListenerScopeHandler;
import org.hbpush.server.http.LocatedRequest;
import org.hbpush.server.http.LocationHandler;
import org.hbpush.server.http.LocationMatcher;
import org.hbpush.server.http.LocationsHandler;
import org.hbpush.server.http.PlainErrorHandler;
import org.hbpush.server.http.MetricsHandler;
import org.hbpush.server.http.MetricsRequestLog;
import org.hbpush.server.http.PublisherHandler;
import org.hbpush.server.http.StatsHandler;
import org.hbpush.server.http.StatsRequestLog;
import org.hbpush.server.http.SubscriberHandler;
import org.hbpush.server.metrics.DeliveryRecorder;
import org.hbpush.server.metrics.LocationMeters;
import org.hbpush.server.metrics.ServerMetrics;
import org.hbpush.server.stats.NodeStats;
import org.hbpush.server.stats.StoreState;
import org.hbpush.server.subscription.LastRequests;
import org.hbpush.server.subscription.WaitingSubscriberLimit;
import org.hbpush.server.subscription.WaitingSubscribers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * hbpushd itself: opens the configured stores, serves the configured locations with Jetty, and on
 * {@link #stop()} answers every held long poll before it closes the stores.
 *
 * <pre>{@code
 * HbpushServer server = HbpushServer.open(validated, Map.of("memory", "plugins/memory"));
 * server.start();
 * ...
 * server.stop();
 * }</pre>
 */
public final class HbpushServer {
    private static final Logger log = LoggerFactory.getLogger(HbpushServer.class);
    /** How long stopping waits for answers already being written. */
    private static final long STOP_TIMEOUT_MILLIS = 3_000;
    /** How long each store may take to answer a readiness probe; load balancers usually wait 5 s. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(2);

    private final ServerConfiguration configuration;
    private final Map<String, OpenStore> stores;
    private final ScheduledExecutorService scheduler;
    private final Server jetty;
    /** By listener name, the default (first) listener first. */
    private final Map<String, ServerConnector> connectors = new LinkedHashMap<>();
    private final NodeStats stats = new NodeStats(Clock.systemUTC());
    private final WaitingSubscriberLimit waitingSubscriberLimit;
    /** Present when a metrics location is configured. */
    private final Optional<ServerMetrics> metrics;
    /** The meters of each location, by identity; empty without metrics. */
    private final Map<LocationConfiguration, LocationMeters> locationMeters = new IdentityHashMap<>();

    private HbpushServer(ServerConfiguration configuration, Map<String, OpenStore> stores, ScheduledExecutorService scheduler,
            Optional<ServerMetrics> metrics) {
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.stores = Map.copyOf(stores);
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.waitingSubscriberLimit = new WaitingSubscriberLimit(configuration.maxWaitingSubscribers());
        this.metrics = requireNonNull(metrics, "metrics is null");
        metrics.ifPresent(meters -> configuration.locations().forEach(location -> locationMeters.put(location, meters.location(location))));

        QueuedThreadPool threads = new HttpThreadPool("hbpush-http");
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // A channel id is any bytes: %2F, %00, %0A and friends must reach the locations undecoded.
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(configuration.limits().maxRequestHeaderSize());
        // Jetty's parser would keep a cache of header fields per connection: about 40 KB once a
        // client has sent a few requests (still 26 KB at a quarter of the default size), 400 MB for
        // 10,000 re-polling subscribers. The parser's shared cache of common fields is enough.
        http.setHeaderCacheSize(0);
        // The request logs count each request by the location that took it (every listener's copy inherits it).
        http.addCustomizer(LocatedRequest.customizer());
        ListenerConnectors listenerConnectors = new ListenerConnectors(jetty, http, configuration.limits(),
                configuration.http1Connection());
        AcceptQueueCeiling.warning(configuration.limits().listenBacklog(), AcceptQueueCeiling.SOMAXCONN).ifPresent(log::warn);
        for (ListenerConfiguration listener : configuration.listeners()) {
            ServerConnector connector = listenerConnectors.connector(listener);
            connectors.put(listener.name(), connector);
            jetty.addConnector(connector);
        }
        // Beyond the limit Jetty stops accepting: newcomers wait in the kernel's queue until a connection closes.
        jetty.addBean(new NetworkConnectionLimit(configuration.limits().maxConnections(), jetty));

        jetty.setErrorHandler(new PlainErrorHandler());
        List<LocationHandler> handlers = locationHandlers(configuration.locations());
        jetty.setHandler(new GracefulHandler(new LocationsHandler(scopedToTheirListeners(handlers))));
        List<RequestLog> requestLogs = new ArrayList<>(List.of(new StatsRequestLog(stats)));
        metrics.ifPresent(meters -> {
            requestLogs.add(metricsRequestLog(meters, handlers));
            new JettyServerThreadPoolMetrics(threads, Tags.empty()).bindTo(meters.registry());
            JettyConnectionMetrics.addToAllConnectors(jetty, meters.registry());
        });
        if (configuration.accessLog()) {
            requestLogs.add(new AccessLog());
        }
        jetty.setRequestLog(requestLogs.size() == 1 ? requestLogs.get(0) : new RequestLog.Collection(requestLogs.toArray(RequestLog[]::new)));
        jetty.setStopTimeout(STOP_TIMEOUT_MILLIS);
        jetty.setStopAtShutdown(false);
        scheduler.scheduleWithFixedDelay(() -> this.stores.values().forEach(open -> open.lastRequests().forgetOld()),
                1, 1, TimeUnit.HOURS);
    }

    /**
     * Opens the configured stores; nothing listens yet.
     *
     * @param pluginOfType for each store type, the plugin that provides it, as log lines name it
     * @throws ConfigurationException when a store rejects its options
     */
    public static HbpushServer open(ValidatedConfiguration validated, Map<String, String> pluginOfType)
            throws ConfigurationException {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "hbpush-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        String nodeId = NodeIdentity.newNodeId();
        Map<String, OpenStore> opened = new LinkedHashMap<>();
        Optional<ServerMetrics> metrics = validated.configuration().locations().stream()
                .anyMatch(location -> location.type() == LocationType.METRICS) ? Optional.of(new ServerMetrics()) : Optional.empty();
        try {
            for (ConfiguredStore configured : validated.stores().values()) {
                String type = configured.provider().type();
                String plugin = pluginOfType.getOrDefault(type, "classpath");
                ServerStoreContext context = new ServerStoreContext(configured.name(), nodeId, Path.of(plugin), scheduler);
                Store store;
                try {
                    store = new AvailabilityWatchingStore(configured.provider().create(configured.options(), context),
                            new StoreAvailability(configured.name(), type));
                }
                catch (InvalidStoreOptionException e) {
                    throw validated.invalidStoreOption(configured.name(), e);
                }
                if (metrics.isPresent()) {
                    store = metrics.get().metered(store, configured.name(), type);
                }
                WaitingSubscribers subscribers = new WaitingSubscribers(store);
                opened.put(configured.name(), new OpenStore(configured.name(), type, plugin, store, subscribers,
                        new LastRequests(Clock.systemUTC())));
                Store watched = store;
                metrics.ifPresent(meters -> meters.watchStore(configured.name(), type, watched, subscribers::held, subscribers::channelsWithHeld));
            }
        }
        catch (ConfigurationException | RuntimeException e) {
            opened.values().forEach(HbpushServer::closeQuietly);
            scheduler.shutdownNow();
            metrics.ifPresent(ServerMetrics::close);
            throw e;
        }
        return new HbpushServer(validated.configuration(), opened, scheduler, metrics);
    }

    /**
     * Starts listening.
     *
     * @throws ListenException when the address and port cannot be bound, with a message for the user
     */
    public void start() throws ListenException {
        // Bind every listener first, so that a failure names the listener it is about.
        for (ListenerConfiguration listener : configuration.listeners()) {
            try {
                connectors.get(listener.name()).open();
            }
            catch (Exception e) {
                // Jetty has not started: stopping it would not release the listeners bound so far.
                connectors.values().forEach(ServerConnector::close);
                throw ListenException.from(configuration, listener, e);
            }
        }
        try {
            jetty.start();
        }
        catch (Exception e) {
            stopQuietly();
            connectors.values().forEach(ServerConnector::close);
            throw ListenException.from(configuration, e);
        }
        log.info("hbpushd listening on {}; stores: {}; locations: {}",
                configuration.listeners().stream().map(this::describe).collect(Collectors.joining(", ")),
                stores.values().stream().map(OpenStore::toString).collect(Collectors.joining(", ")),
                configuration.locations().stream().map(this::describe).collect(Collectors.joining(", ")));
    }

    /** The port the default (first) listener listens on (the chosen one when configured as 0). */
    public int port() {
        return connectors.values().iterator().next().getLocalPort();
    }

    /** The port the named listener listens on (the chosen one when configured as 0). */
    public int port(String listener) {
        ServerConnector connector = connectors.get(requireNonNull(listener, "listener is null"));
        if (connector == null) {
            throw new IllegalArgumentException("no listener named " + listener);
        }
        return connector.getLocalPort();
    }

    /** The address the default (first) listener listens on. */
    public InetSocketAddress address() {
        ListenerConfiguration listener = configuration.listeners().get(0);
        String host = listener.address().isEmpty() ? "127.0.0.1" : listener.address();
        return new InetSocketAddress(host, port());
    }

    /**
     * Stops: held long polls are answered 503 (and so is every long poll that would be held from
     * now on), answers being written get a few seconds, then the stores close.
     */
    public void stop() {
        long started = System.nanoTime();
        long held = 0;
        for (OpenStore store : stores.values()) {
            held += store.subscribers().held();
            store.subscribers().stopHolding();
        }
        stopQuietly();
        for (OpenStore store : stores.values()) {
            closeQuietly(store);
        }
        scheduler.shutdownNow();
        metrics.ifPresent(ServerMetrics::close);
        // One line for the whole shutdown, as for the start.
        log.info("hbpushd stopped in {} ms; {} held long polls were told to poll again", (System.nanoTime() - started) / 1_000_000, held);
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        }
        catch (Exception e) {
            log.warn("while stopping the HTTP server: {}", e.toString());
        }
    }

    /** Each location's handler, kept off the listeners the location does not name; in the configuration's order. */
    private List<Handler> scopedToTheirListeners(List<LocationHandler> unscoped) {
        List<LocationConfiguration> locations = configuration.locations();
        List<Handler> handlers = new ArrayList<>();
        for (int index = 0; index < locations.size(); index++) {
            List<String> on = configuration.listenersOf(locations.get(index));
            handlers.add(on.size() == connectors.size() ? unscoped.get(index) : new ListenerScopeHandler(Set.copyOf(on), unscoped.get(index)));
        }
        return handlers;
    }

    private List<LocationHandler> locationHandlers(List<LocationConfiguration> locations) {
        List<LocationHandler> handlers = new ArrayList<>();
        for (LocationConfiguration location : locations) {
            OpenStore store = stores.get(location.store());
            LocationMatcher matcher = location.url().isPresent()
                    ? LocationMatcher.url(location.url().get())
                    : LocationMatcher.prefix(location.prefix().orElseThrow());
            switch (location.type()) {
                case PUBLISHER -> handlers.add(new PublisherHandler(matcher, location.maxChannelIdLength(), location.cors(), location.access(),
                        location.authentication().map(authentication -> BearerAuthenticator.of(authentication, Clock.systemUTC())), store.store(),
                        location.publisher().postOptions(),
                        (int) Math.min(Integer.MAX_VALUE - 8, location.publisher().maxMessageSize()), store.lastRequests()));
                case SUBSCRIBER -> handlers.add(new SubscriberHandler(matcher, location.maxChannelIdLength(), location.cors(), location.access(), store.store(),
                        store.subscribers(), location.subscriber(), store.lastRequests(), waitingSubscriberLimit,
                        metrics.isPresent() ? locationMeters.get(location) : DeliveryRecorder.NONE));
                case HEALTH -> handlers.add(new HealthHandler(matcher, location.access(), storesByName(), READY_TIMEOUT));
                case STATS -> handlers.add(new StatsHandler(matcher, location.access(), stats, this::storeStates));
                case METRICS -> handlers.add(new MetricsHandler(matcher, location.access(), metrics.orElseThrow()));
            }
        }
        return handlers;
    }

    /** Counts each request into the meters of its location: the handlers are in the configuration's order, one per location. */
    private MetricsRequestLog metricsRequestLog(ServerMetrics meters, List<LocationHandler> handlers) {
        Map<LocationHandler, LocationMeters> byHandler = new IdentityHashMap<>();
        for (int index = 0; index < handlers.size(); index++) {
            byHandler.put(handlers.get(index), locationMeters.get(configuration.locations().get(index)));
        }
        return new MetricsRequestLog(byHandler, meters.unmatched());
    }

    private List<StoreState> storeStates() {
        List<StoreState> states = new ArrayList<>();
        for (String name : configuration.stores().keySet()) {
            OpenStore open = stores.get(name);
            states.add(new StoreState(name, open.type(), open.subscribers().held(), open.subscribers().channelsWithHeld()));
        }
        return states;
    }

    private Map<String, Store> storesByName() {
        Map<String, Store> byName = new LinkedHashMap<>();
        // the configuration's order, so a readiness answer lists the stores as the file does
        for (String name : configuration.stores().keySet()) {
            byName.put(name, stores.get(name).store());
        }
        return byName;
    }

    private String describe(LocationConfiguration location) {
        String pattern = location.url().map(url -> "url " + url.pattern()).orElseGet(() -> "prefix " + location.prefix().orElse(""));
        String target = location.type().hasChannels() ? " -> " + location.store() : "";
        String on = connectors.size() > 1 ? " on " + String.join("+", configuration.listenersOf(location)) : "";
        return location.type().configurationName() + " " + pattern + target + on;
    }

    /** {@code public https *:8443}: name, scheme, the address and the port actually bound. */
    private String describe(ListenerConfiguration listener) {
        return listener.name() + " " + listener.scheme() + " " + listener.withPort(port(listener.name())).where();
    }

    private static void closeQuietly(OpenStore store) {
        try {
            store.subscribers().close();
            store.store().close();
        }
        catch (RuntimeException e) {
            log.warn("while closing store {}: {}", store.name(), e.toString());
        }
    }

    /** The server could not listen where it was told to. */
    public static final class ListenException extends Exception {
        private ListenException(String message, Throwable cause) {
            super(message, cause);
        }

        static ListenException from(ServerConfiguration configuration, Exception failure) {
            return from(configuration, configuration.listeners().get(0), failure);
        }

        static ListenException from(ServerConfiguration configuration, ListenerConfiguration listener, Exception failure) {
            // the listener's name only tells something when there are several
            String where = listener.where() + (configuration.listen().size() > 1 ? " (listener " + listener.name() + ")" : "");
            // --port only moves the first listener
            boolean movable = configuration.listeners().get(0).name().equals(listener.name());
            // Jetty wraps the socket's own exception ("Failed to bind to ..."): find the innermost.
            Throwable cause = failure;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String reason = String.valueOf(cause.getMessage());
            String advice;
            if (reason.toLowerCase().contains("permission denied") || reason.toLowerCase().contains("access denied")) {
                advice = "permission denied: ports below 1024 need root privileges; choose another port "
                        + (movable ? "with --port (for example --port 8080) or the configuration's port" : "in the configuration");
            }
            else if (cause instanceof BindException && reason.toLowerCase().contains("in use")) {
                advice = "the port is already in use by another process; stop it or choose another port " + (movable ? "with --port" : "in the configuration");
            }
            else if (cause instanceof BindException) {
                advice = reason + "; check the configuration's address (it must be an address of this machine) and port";
            }
            else {
                advice = reason;
            }
            return new ListenException("hbpushd: " + configuration.source() + ": cannot listen on " + where + ": " + advice, failure);
        }
    }
}
