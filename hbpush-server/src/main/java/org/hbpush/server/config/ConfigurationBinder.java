package org.hbpush.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hbpush.server.config.ConfigNode.MappingNode;

import static java.util.Objects.requireNonNull;

/**
 * Binds the top-level map of a configuration file to a {@link ServerConfiguration}, mapping
 * snake_case keys to Java once, here, and collecting every problem instead of stopping at the first.
 */
final class ConfigurationBinder {
    static final String PORT = "port";
    static final String ADDRESS = "address";
    static final String PLUGINS_DIR = "plugins_dir";
    static final String STORE = "store";
    static final String LOCATIONS = "locations";
    static final String ACCESS_LOG = "access_log";
    static final String MAX_WAITING_SUBSCRIBERS = "max_waiting_subscribers";
    static final String LISTEN = ListenersBinder.PATH;
    static final String MAX_CONNECTIONS = "max_connections";
    static final String MAX_REQUEST_HEADER_SIZE = "max_request_header_size";
    static final String IDLE_TIMEOUT = "idle_timeout";
    static final String LISTEN_BACKLOG = "listen_backlog";
    static final String HTTP1_CONNECTION = "http1_connection";

    static final List<String> KEYS = List.of(PORT, ADDRESS, PLUGINS_DIR, ACCESS_LOG, MAX_WAITING_SUBSCRIBERS, STORE, LOCATIONS,
            LISTEN, MAX_CONNECTIONS, MAX_REQUEST_HEADER_SIZE, IDLE_TIMEOUT, LISTEN_BACKLOG, HTTP1_CONNECTION);

    private final String source;
    private final Path baseDirectory;
    private final ConfigurationProblems problems;
    private final NodeValues values;
    private final Map<String, String> environment;

    /**
     * @param source        the file as the user named it
     * @param baseDirectory the file's directory, against which a relative {@code plugins_dir} is resolved
     * @param environment   the environment variables, for {@code ${NAME}} in secrets
     */
    ConfigurationBinder(String source, Path baseDirectory, ConfigurationProblems problems, Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.source = requireNonNull(source, "source is null");
        this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
        this.problems = requireNonNull(problems, "problems is null");
        this.values = new NodeValues(problems);
    }

    /** The configuration, when no problem was found (otherwise the problems say what is wrong). */
    Optional<ServerConfiguration> bind(MappingNode root) {
        for (String key : root.entries().keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(key, Suggestions.unknownKey(key, KEYS));
            }
        }
        int port = NodeValues.written(root, PORT)
                .flatMap(value -> values.wholeNumber(value, PORT))
                .orElse(ServerConfiguration.DEFAULT_PORT);
        String address = NodeValues.written(root, ADDRESS)
                .flatMap(value -> values.text(value, ADDRESS))
                .orElse(ServerConfiguration.DEFAULT_ADDRESS);
        Optional<Path> pluginsDirectory = NodeValues.written(root, PLUGINS_DIR)
                .flatMap(value -> values.nonEmptyText(value, PLUGINS_DIR))
                .flatMap(this::pluginsDirectory);
        boolean accessLog = NodeValues.written(root, ACCESS_LOG)
                .flatMap(value -> values.bool(value, ACCESS_LOG))
                .orElse(ServerConfiguration.DEFAULT_ACCESS_LOG);
        int maxWaitingSubscribers = NodeValues.written(root, MAX_WAITING_SUBSCRIBERS)
                .flatMap(value -> values.positiveNumber(value, MAX_WAITING_SUBSCRIBERS, "a whole number of at least 1"))
                .flatMap(this::waitingSubscribersLimit)
                .orElse(ServerConfiguration.DEFAULT_MAX_WAITING_SUBSCRIBERS);
        Optional<Map<String, StoreConfiguration>> stores = new StoreSectionsBinder(problems).bind(NodeValues.written(root, STORE));
        List<LocationConfiguration> locations = new LocationsBinder(problems, environment).bind(NodeValues.written(root, LOCATIONS));
        List<ListenerConfiguration> listen = NodeValues.written(root, LISTEN)
                .map(value -> new ListenersBinder(problems, baseDirectory, environment).bind(value))
                .orElse(List.of());
        if (NodeValues.written(root, LISTEN).isPresent()) {
            for (String key : List.of(PORT, ADDRESS)) {
                NodeValues.written(root, key).ifPresent(value -> problems.add(key,
                        "cannot be used together with listen: give each listener its own " + key + " (listen[0]." + key + ")"));
            }
        }
        ConnectionLimits limits = limits(root);
        Http1Connection http1Connection = NodeValues.written(root, HTTP1_CONNECTION)
                .flatMap(value -> values.text(value, HTTP1_CONNECTION))
                .flatMap(this::http1Connection)
                .orElse(Http1Connection.DEFAULT);

        if (problems.isEmpty() && stores.isPresent()) {
            // the locations' meaning is checked by the validator, together with the stores' plugins and options
            return Optional.of(new ServerConfiguration(source, port, address, pluginsDirectory, stores.get(), locations, accessLog,
                    maxWaitingSubscribers, listen, limits, http1Connection, problems.positions()));
        }
        // loading fails anyway: say now what the validator would say about the locations that could be read
        LocationChecks checks = new LocationChecks(problems);
        Optional<Set<String>> storeNames = stores.map(Map::keySet);
        for (LocationConfiguration location : locations) {
            checks.check(location, storeNames);
        }
        return Optional.empty();
    }

    private Optional<Integer> waitingSubscribersLimit(long limit) {
        if (limit > Integer.MAX_VALUE) {
            problems.add(MAX_WAITING_SUBSCRIBERS, "must be at most " + Integer.MAX_VALUE + ", not " + limit);
            return Optional.empty();
        }
        return Optional.of((int) limit);
    }

    private Optional<Http1Connection> http1Connection(String text) {
        Optional<Http1Connection> connection = Http1Connection.fromConfigurationName(text);
        if (connection.isEmpty()) {
            problems.add(HTTP1_CONNECTION, "must be lean (the default: hbpushd answers GET and HEAD requests without a body itself "
                    + "on plain listeners and hands every other request to Jetty) or jetty (Jetty's own connection for every request), not "
                    + Wording.quote(text));
        }
        return connection;
    }

    private ConnectionLimits limits(MappingNode root) {
        long maxConnections = NodeValues.written(root, MAX_CONNECTIONS)
                .flatMap(value -> values.positiveNumber(value, MAX_CONNECTIONS, "a whole number of connections, at least 1"))
                .orElse((long) ConnectionLimits.DEFAULT_MAX_CONNECTIONS);
        long maxRequestHeaderSize = NodeValues.written(root, MAX_REQUEST_HEADER_SIZE)
                .flatMap(value -> values.positiveNumber(value, MAX_REQUEST_HEADER_SIZE, "a whole number of bytes, at least 1"))
                .orElse((long) ConnectionLimits.DEFAULT_MAX_REQUEST_HEADER_SIZE);
        long idleTimeout = NodeValues.written(root, IDLE_TIMEOUT)
                .flatMap(value -> values.positiveNumber(value, IDLE_TIMEOUT, "a whole number of seconds, at least 1"))
                .orElse(ConnectionLimits.DEFAULT_IDLE_TIMEOUT.toSeconds());
        long listenBacklog = NodeValues.written(root, LISTEN_BACKLOG)
                .flatMap(value -> values.positiveNumber(value, LISTEN_BACKLOG, "a whole number of connections, at least 1"))
                .orElse((long) ConnectionLimits.DEFAULT_LISTEN_BACKLOG);
        return new ConnectionLimits((int) Math.min(Integer.MAX_VALUE, maxConnections),
                (int) Math.min(Integer.MAX_VALUE, maxRequestHeaderSize), Duration.ofSeconds(idleTimeout),
                (int) Math.min(Integer.MAX_VALUE, listenBacklog));
    }

    private Optional<Path> pluginsDirectory(String text) {
        try {
            return Optional.of(baseDirectory.resolve(text).normalize());
        }
        catch (InvalidPathException e) {
            problems.add(PLUGINS_DIR, Wording.quote(text) + " is not a valid path: " + e.getReason());
            return Optional.empty();
        }
    }
}
