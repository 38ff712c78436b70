package org.hbpush.store.postgresql;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.hbpush.api.StoreProvider;
import org.hbpush.store.tck.StoreCapability;
import org.hbpush.store.tck.StoreContractTest;
import org.hbpush.testing.PostgresqlServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on a private PostgreSQL cluster, in a database of this run's own. */
class PostgresqlStoreContractIT extends StoreContractTest {
    private static final String DATABASE = "hbpush_contract";
    private static PostgresqlServerProcess postgresql;

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
    protected StoreProvider provider() {
        return new PostgresqlStoreProvider();
    }

    @Override
    protected Map<String, String> options() {
        return Map.of(
                "host", postgresql.host(),
                "port", Integer.toString(postgresql.port()),
                "database", DATABASE,
                "user", PostgresqlServerProcess.USER,
                "table_prefix", "hbpush_contract_");
    }

    @Override
    protected Set<StoreCapability> capabilities() {
        return EnumSet.of(StoreCapability.SHARED_ACROSS_NODES, StoreCapability.DURABLE);
    }

    @Override
    protected String howToStartBackend() {
        return "The test starts its own PostgreSQL from /usr/lib/postgresql/*/bin; run scripts/test-services.sh to install it.";
    }
}
