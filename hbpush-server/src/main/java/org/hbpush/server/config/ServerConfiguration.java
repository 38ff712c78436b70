package org.hbpush.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The whole configuration of hbpushd, as read by {@link ConfigurationLoader}; not yet checked
 * against the loaded plugins ({@link ConfigurationValidator} does that).
 *
 * <pre>
 * port: 80                 # the TCP port to listen on (default 80)
 * address: ''              # the address to bind; '' (the default) means every interface
 * plugins_dir: ../plugins  # where store plugins are; relative to this file (default: --plugins-dir, else &lt;home&gt;/plugins)
 * access_log: true         # one line per request through the logger org.hbpush.access (default false)
 * listen:                  # several listeners instead of port and address; see ListenerConfiguration
 *   - {name: public, port: 443, tls: {keystore: hbpush.p12, password: ${HBPUSH_TLS_PASSWORD}}}
 *   - {name: internal, address: 127.0.0.1, port: 8081}
 * max_connections: 10000   # see ConnectionLimits, with max_request_header_size, idle_timeout and listen_backlog
 * max_waiting_subscribers: 50000  # long polls held at once by this node, all stores together (default 50000)
 * http1_connection: lean   # lean (the default) or jetty; see Http1Connection
 * store:                   # one store (named default) or named stores; see StoreConfiguration
 *   type: memory
 * locations:               # tried in order; see LocationConfiguration
 *   - type: subscriber
 *     prefix: /subscriber/
 *   - type: publisher
 *     prefix: /publisher/
 * </pre>
 *
 * <pre>{@code
 * ServerConfiguration configuration = new ConfigurationLoader().load(file, Optional.empty());
 * configuration = configuration.withPort(8080);     // --port given on the command line
 * }</pre>
 *
 * @param source            the file as the user named it, or {@code the default configuration}; starts every error message
 * @param port              the port to listen on; checked by the validator to be 0..65535 (0 picks a free one)
 * @param address           the address to bind, {@code ""} for every interface
 * @param pluginsDirectory  {@code plugins_dir}, already resolved against the file's directory
 * @param stores            the stores by name, in file order
 * @param locations         the locations, in file order
 * @param accessLog         {@code access_log}: log one line per request through the logger {@code org.hbpush.access}
 * @param maxWaitingSubscribers {@code max_waiting_subscribers}: how many long polls this node holds at once, across all
 *                          stores; one more gets 503 with Retry-After
 * @param listen            {@code listen:}, the listeners in file order; empty when the file has none, and then
 *                          {@code port} and {@code address} make the one listener (see {@link #listeners()})
 * @param limits            {@code max_connections}, {@code max_request_header_size} and {@code idle_timeout}
 * @param http1Connection   {@code http1_connection}: the HTTP/1.1 connection of plain listeners
 * @param positions         where each key was written, for messages about them
 */
public record ServerConfiguration(
        String source,
        int port,
        String address,
        Optional<Path> pluginsDirectory,
        Map<String, StoreConfiguration> stores,
        List<LocationConfiguration> locations,
        boolean accessLog,
        int maxWaitingSubscribers,
        List<ListenerConfiguration> listen,
        ConnectionLimits limits,
        Http1Connection http1Connection,
        SourcePositions positions) {
    /** {@code port} when not given. */
    public static final int DEFAULT_PORT = 80;
    /** {@code address} when not given: every interface. */
    public static final String DEFAULT_ADDRESS = "";
    /** The source of {@link ConfigurationLoader#defaults()}. */
    public static final String DEFAULT_SOURCE = "the default configuration";
    /** {@code access_log} when not given. */
    public static final boolean DEFAULT_ACCESS_LOG = false;
    /**
     * {@code max_waiting_subscribers} when not given: about 10 KB of heap per held long poll
     * (docs/performance.md) makes 50,000 of them about half of the 1 GB heap the launcher gives the JVM.
     */
    public static final int DEFAULT_MAX_WAITING_SUBSCRIBERS = 50_000;

    public ServerConfiguration {
        requireNonNull(source, "source is null");
        requireNonNull(address, "address is null");
        requireNonNull(pluginsDirectory, "pluginsDirectory is null");
        requireNonNull(stores, "stores is null");
        requireNonNull(locations, "locations is null");
        requireNonNull(positions, "positions is null");
        requireNonNull(listen, "listen is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(http1Connection, "http1Connection is null");
        if (maxWaitingSubscribers < 1) {
            throw new IllegalArgumentException("maxWaitingSubscribers is " + maxWaitingSubscribers + ", must be at least 1");
        }
        listen = List.copyOf(listen);
        stores.forEach((name, store) -> {
            if (!name.equals(store.name())) {
                throw new IllegalArgumentException("store " + store.name() + " is filed under the name " + name);
            }
        });
        // insertion order matters: stores are opened, logged and listed in file order
        stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
        locations = List.copyOf(locations);
    }

    /** A configuration with the one listener of {@code port} and {@code address} and the default limits. */
    public ServerConfiguration(
            String source,
            int port,
            String address,
            Optional<Path> pluginsDirectory,
            Map<String, StoreConfiguration> stores,
            List<LocationConfiguration> locations,
            boolean accessLog,
            SourcePositions positions) {
        this(source, port, address, pluginsDirectory, stores, locations, accessLog, DEFAULT_MAX_WAITING_SUBSCRIBERS, List.of(),
                ConnectionLimits.DEFAULT, Http1Connection.DEFAULT, positions);
    }

    /** A configuration built in code, without file positions. */
    public ServerConfiguration(
            String source,
            int port,
            String address,
            Optional<Path> pluginsDirectory,
            Map<String, StoreConfiguration> stores,
            List<LocationConfiguration> locations) {
        this(source, port, address, pluginsDirectory, stores, locations, DEFAULT_ACCESS_LOG, SourcePositions.none());
    }

    /** This configuration listening on another port (a {@code --port} option); the file's line for {@code port} no longer applies. */
    public ServerConfiguration withPort(int port) {
        if (listen.isEmpty()) {
            return new ServerConfiguration(source, port, address, pluginsDirectory, stores, locations, accessLog, maxWaitingSubscribers, listen, limits,
                    http1Connection, positions.without("port"));
        }
        // with listen:, --port moves the default (first) listener
        List<ListenerConfiguration> moved = new ArrayList<>(listen);
        moved.set(0, listen.get(0).withPort(port));
        return new ServerConfiguration(source, port, address, pluginsDirectory, stores, locations, accessLog, maxWaitingSubscribers, moved, limits,
                http1Connection, positions.without("listen[0].port"));
    }

    /**
     * The listeners hbpushd opens, in file order; the first is the default one, where locations
     * that name none are served. Without {@code listen:}, the one listener of {@code port} and
     * {@code address}, named {@value ListenerConfiguration#DEFAULT_NAME}.
     */
    public List<ListenerConfiguration> listeners() {
        if (listen.isEmpty()) {
            return List.of(new ListenerConfiguration(ListenerConfiguration.DEFAULT_NAME, address, port, Optional.empty()));
        }
        return listen;
    }

    /** The listeners a location is served on: those it names, else the default (first) one. */
    public List<String> listenersOf(LocationConfiguration location) {
        requireNonNull(location, "location is null");
        return location.listeners().isEmpty() ? List.of(listeners().get(0).name()) : location.listeners();
    }

    /** This configuration with another plugins directory (a {@code --plugins-dir} option). */
    public ServerConfiguration withPluginsDirectory(Path pluginsDirectory) {
        requireNonNull(pluginsDirectory, "pluginsDirectory is null");
        return new ServerConfiguration(source, port, address, Optional.of(pluginsDirectory), stores, locations, accessLog, maxWaitingSubscribers, listen, limits,
                http1Connection, positions.without("plugins_dir"));
    }

    /**
     * A configuration error about one key, for problems found outside this package (the port
     * cannot be bound, say): it names the file and, when the key was written there, its line.
     *
     * <pre>{@code
     * throw configuration.errorAt("port", "cannot listen on port 80: permission denied");
     * }</pre>
     */
    public ConfigurationException errorAt(String keyPath, String description) {
        return new ConfigurationException(source, List.of(ConfigurationProblem.at(positions, keyPath, description)));
    }
}
