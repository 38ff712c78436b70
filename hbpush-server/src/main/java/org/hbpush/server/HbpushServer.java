package org.hbpush.server;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.api.Store;
import org.hbpush.server.auth.BearerAuthenticator;
import org.hbpush.server.config.ConfigurationException;
import org.hbpush.server.config.ConfiguredStore;
import org.hbpush.server.config.ListenerConfiguration;
import org.hbpush.server.config.LocationConfiguration;
import org.hbpush.server.config.ServerConfiguration;
import org.hbpush.server.config.ValidatedConfiguration;
import org.hbpush.server.http.AccessLog;
import org.hbpush.server.http.HealthHandler;
import org.hbpush.server.http.ListenerScopeHandler;
import org.hbpush.server.http.LocationHandler;
import org.hbpush.server.http.LocationMatcher;
import org.hbpush.server.http.LocationsHandler;
import org.hbpush.server.http.PublisherHandler;
import org.hbpush.server.http.StatsHandler;
import org.hbpush.server.http.StatsRequestLog;
import org.hbpush.server.http.SubscriberHandler;
import org.hbpush.server.stats.NodeStats;
import org.hbpush.server.stats.StoreState;
import org.hbpush.server.subscription.LastRequests;
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

    private HbpushServer(ServerConfiguration configuration, Map<String, OpenStore> stores, ScheduledExecutorService scheduler) {
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.stores = Map.copyOf(stores);
        this.scheduler = requireNonNull(scheduler, "scheduler is null");

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("hbpush-http");
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // A channel id is any bytes: %2F, %00, %0A and friends must reach the locations undecoded.
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(configuration.limits().maxRequestHeaderSize());
        ListenerConnectors listenerConnectors = new ListenerConnectors(jetty, http, configuration.limits().idleTimeout());
        for (ListenerConfiguration listener : configuration.listeners()) {
            ServerConnector connector = listenerConnectors.connector(listener);
            connectors.put(listener.name(), connector);
            jetty.addConnector(connector);
        }
        // Beyond the limit Jetty stops accepting: newcomers wait in the kernel's queue until a connection closes.
        jetty.addBean(new NetworkConnectionLimit(configuration.limits().maxConnections(), jetty));

        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        jetty.setErrorHandler(errors);
        jetty.setHandler(new GracefulHandler(new LocationsHandler(locationHandlers(configuration.locations()))));
        jetty.setRequestLog(configuration.accessLog()
                ? new RequestLog.Collection(new StatsRequestLog(stats), new AccessLog())
                : new StatsRequestLog(stats));
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
        try {
            for (ConfiguredStore configured : validated.stores().values()) {
                String type = configured.provider().type();
                String plugin = pluginOfType.getOrDefault(type, "classpath");
                ServerStoreContext context = new ServerStoreContext(configured.name(), nodeId, Path.of(plugin), scheduler);
                Store store;
                try {
                    store = configured.provider().create(configured.options(), context);
                }
                catch (InvalidStoreOptionException e) {
                    throw validated.invalidStoreOption(configured.name(), e);
                }
                opened.put(configured.name(), new OpenStore(configured.name(), type, plugin, store, new WaitingSubscribers(store),
                        new LastRequests(Clock.systemUTC())));
            }
        }
        catch (ConfigurationException | RuntimeException e) {
            opened.values().forEach(HbpushServer::closeQuietly);
            scheduler.shutdownNow();
            throw e;
        }
        return new HbpushServer(validated.configuration(), opened, scheduler);
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
        log.info("hbpushd stopping");
        for (OpenStore store : stores.values()) {
            store.subscribers().stopHolding();
        }
        stopQuietly();
        for (OpenStore store : stores.values()) {
            closeQuietly(store);
        }
        scheduler.shutdownNow();
        log.info("hbpushd stopped");
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        }
        catch (Exception e) {
            log.warn("while stopping the HTTP server: {}", e.toString());
        }
    }

    private List<Handler> locationHandlers(List<LocationConfiguration> locations) {
        List<LocationHandler> unscoped = locationHandlersOnEveryListener(locations);
        List<Handler> handlers = new ArrayList<>();
        for (int index = 0; index < locations.size(); index++) {
            List<String> on = configuration.listenersOf(locations.get(index));
            handlers.add(on.size() == connectors.size() ? unscoped.get(index) : new ListenerScopeHandler(Set.copyOf(on), unscoped.get(index)));
        }
        return handlers;
    }

    private List<LocationHandler> locationHandlersOnEveryListener(List<LocationConfiguration> locations) {
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
                        store.subscribers(), location.subscriber(), store.lastRequests()));
                case HEALTH -> handlers.add(new HealthHandler(matcher, location.access(), storesByName(), READY_TIMEOUT));
                case STATS -> handlers.add(new StatsHandler(matcher, location.access(), stats, this::storeStates));
            }
        }
        return handlers;
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
