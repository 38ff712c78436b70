package org.hbpush.server;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.hbpush.testing.PostgresqlServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * py-hbpush's handler tests (race_store_create among them) on the postgresql plugin, as hbpushd
 * loads it, against a private PostgreSQL. The database outlives each test, so every test's
 * channels carry a suffix of their own.
 */
class PostgresqlPyHbpushHandlersIT extends PyHbpushHandlers {
    private static final String DATABASE = "hbpush_handlers";
    private static PostgresqlServerProcess postgresql;

    private final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    @BeforeAll
    static void startPostgresql() {
        postgresql = PostgresqlServerProcess.start();
        postgresql.createDatabase(DATABASE);
    }

    @AfterAll
    static void stopPostgresql() {
        if (postgresql != null) {
            postgresql.close();
        }
    }

    @Override
    protected RunningServer startServer() {
        return RunningServer.withYaml(PostgresqlStoreYaml.store(postgresql, DATABASE) + LOCATIONS, RunningServer.TEST_PLUGINS);
    }

    @Override
    protected String channel(String name) {
        return name + "-" + suffix;
    }
}
