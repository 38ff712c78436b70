package org.hbpush.store.postgresql;

import java.time.Duration;

import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import static java.util.Objects.requireNonNull;

/**
 * Builds the store's connections from its settings: the pgjdbc data source (for the pool and for
 * the listening connection, so no driver is looked up by name through a class loader) and the
 * HikariCP pool over it.
 */
final class ConnectionSettings {
    private ConnectionSettings() {
    }

    /** A pgjdbc data source that opens plain, unpooled connections. */
    static PGSimpleDataSource dataSource(PostgresqlSettings settings) {
        requireNonNull(settings, "settings is null");
        PGSimpleDataSource source = new PGSimpleDataSource();
        settings.url().ifPresentOrElse(source::setURL, () -> {
            source.setServerNames(new String[] {settings.host()});
            source.setPortNumbers(new int[] {settings.port()});
            source.setDatabaseName(settings.database());
        });
        settings.user().ifPresent(source::setUser);
        settings.password().ifPresent(source::setPassword);
        source.setApplicationName("hbpushd");
        source.setConnectTimeout(wholeSeconds(settings.connectTimeout()));
        source.setLoginTimeout(wholeSeconds(settings.connectTimeout()));
        // A statement that outlives statement_timeout is cancelled by the server; a socket silent for
        // longer than that (a dead server, a partition) is given up by the driver.
        source.setOptions("-c statement_timeout=" + settings.statementTimeout().toMillis());
        source.setSocketTimeout(wholeSeconds(settings.statementTimeout().plusSeconds(5)));
        source.setTcpKeepAlive(true);
        return source;
    }

    /** The pool: it starts without waiting for PostgreSQL, which may be down when hbpushd starts. */
    static HikariDataSource pool(PostgresqlSettings settings, PGSimpleDataSource source, String storeName) {
        requireNonNull(settings, "settings is null");
        requireNonNull(source, "source is null");
        requireNonNull(storeName, "storeName is null");
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName("hbpush-postgresql-" + storeName);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setAutoCommit(false);
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, Math.min(settings.connectTimeout().toMillis() - 1, 1000)));
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static int wholeSeconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
