package org.hbpush.server;

import org.hbpush.testing.PostgresqlServerProcess;

import static java.lang.String.format;

/** The {@code store:} section of a postgresql store on a private test cluster. */
final class PostgresqlStoreYaml {
    private PostgresqlStoreYaml() {
    }

    static String store(PostgresqlServerProcess postgresql, String database) {
        return format("""
                store:
                  type: postgresql
                  host: %s
                  port: %s
                  database: %s
                  user: %s
                  connect_timeout: 1s
                """, postgresql.host(), postgresql.port(), database, PostgresqlServerProcess.USER);
    }
}
