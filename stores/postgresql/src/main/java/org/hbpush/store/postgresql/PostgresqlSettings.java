package org.hbpush.store.postgresql;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The options of one {@code postgresql} store, checked.
 *
 * @param url              a JDBC URL given instead of host, port and database
 * @param host             the server's host name
 * @param port             the server's port
 * @param database         the database, which must exist
 * @param user             the user to log in as; pgjdbc's default (the operating-system user) when empty
 * @param password         the password, if the server asks for one
 * @param tables           the names of the store's tables, from {@code table_prefix}
 * @param poolSize         connections in the pool, and threads running JDBC calls
 * @param connectTimeout   how long a call waits for a connection before failing with 503
 * @param statementTimeout how long one SQL statement may run
 * @param nodeTimeout      how long a node's waiting subscribers still count after its last heartbeat
 */
record PostgresqlSettings(
        Optional<String> url,
        String host,
        int port,
        String database,
        Optional<String> user,
        Optional<String> password,
        TableNames tables,
        int poolSize,
        Duration connectTimeout,
        Duration statementTimeout,
        Duration nodeTimeout) {
    static final List<StoreOption> OPTIONS = List.of(
            StoreOption.of("host", "localhost", "the PostgreSQL server's host name"),
            StoreOption.of("port", "5432", "the PostgreSQL server's port"),
            StoreOption.of("database", "hbpush", "the database holding the store's tables; it must exist"),
            StoreOption.optional("user", "the user to log in as (default: the operating-system user running hbpushd)"),
            StoreOption.optional("password", "the password to log in with, when the server asks for one"),
            StoreOption.of("table_prefix", "hbpush_", "prefix of the store's table names: lowercase letters, digits and _"),
            StoreOption.optional("url", "a JDBC URL (jdbc:postgresql://host:port/database?...) instead of host, port and database"),
            StoreOption.of("pool_size", "10", "connections to PostgreSQL, and threads running SQL, per node"),
            StoreOption.of("connect_timeout", "2s", "how long a request waits for a connection before it fails with 503"),
            StoreOption.of("statement_timeout", "5s", "how long one SQL statement may run before it fails with 503"),
            StoreOption.of("node_timeout", "30s", "how long the waiting subscribers of a node that stopped heartbeating still count"));

    private static final Set<String> LOCATION_KEYS = Set.of("host", "port", "database");

    PostgresqlSettings {
        requireNonNull(url, "url is null");
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(tables, "tables is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(statementTimeout, "statementTimeout is null");
        requireNonNull(nodeTimeout, "nodeTimeout is null");
    }

    /** Reads and checks the options; a bad value is an {@link InvalidStoreOptionException} naming its key. */
    static PostgresqlSettings from(StoreOptions options) {
        requireNonNull(options, "options is null");
        Optional<String> url = options.optionalString("url").map(String::trim);
        if (url.isPresent()) {
            if (!url.get().startsWith("jdbc:postgresql:")) {
                throw new InvalidStoreOptionException("url", format("must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, not \"%s\"", withoutParameters(url.get())));
            }
            for (String key : options.configuredKeys()) {
                if (LOCATION_KEYS.contains(key)) {
                    throw new InvalidStoreOptionException(key, "cannot be set together with url: use one or the other");
                }
            }
        }
        String host = options.string("host").trim();
        if (host.isEmpty()) {
            throw new InvalidStoreOptionException("host", "must not be empty");
        }
        int port = inRange(options, "port", 1, 65535);
        String database = options.string("database").trim();
        if (database.isEmpty()) {
            throw new InvalidStoreOptionException("database", "must not be empty");
        }
        String prefix = options.string("table_prefix");
        if (!TableNames.isValidPrefix(prefix)) {
            throw new InvalidStoreOptionException("table_prefix", format(
                    "must be at most %s lowercase letters, digits and _, starting with a letter or _, not \"%s\"", TableNames.MAX_PREFIX_LENGTH, prefix));
        }
        int poolSize = inRange(options, "pool_size", 1, 1000);
        Duration connectTimeout = atLeast(options, "connect_timeout", Duration.ofMillis(250));
        Duration statementTimeout = atLeast(options, "statement_timeout", Duration.ofMillis(100));
        Duration nodeTimeout = atLeast(options, "node_timeout", Duration.ofSeconds(3));
        return new PostgresqlSettings(url, host, port, database,
                options.optionalString("user").filter(value -> !value.isBlank()),
                options.optionalString("password"),
                new TableNames(prefix), poolSize, connectTimeout, statementTimeout, nodeTimeout);
    }

    /** Where the store connects, for log lines and 503 reasons: never a password nor URL parameters. */
    String target() {
        return url.map(PostgresqlSettings::withoutParameters)
                .map(text -> text.substring("jdbc:".length()))
                .orElse(format("postgresql://%s:%s/%s", host, port, database));
    }

    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static int inRange(StoreOptions options, String key, int min, int max) {
        int value = options.integer(key);
        if (value < min || value > max) {
            throw new InvalidStoreOptionException(key, format("must be between %s and %s, not %s", min, max, value));
        }
        return value;
    }

    private static Duration atLeast(StoreOptions options, String key, Duration min) {
        Duration value = options.duration(key);
        if (value.compareTo(min) < 0) {
            throw new InvalidStoreOptionException(key, format("must be at least %sms, not %sms", min.toMillis(), value.toMillis()));
        }
        return value;
    }
}
