package org.hbpush.bench;

import org.hbpush.testing.PostgresqlServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link TwoNodesBench} on one private PostgreSQL cluster, in a database of its own: issue #7's
 * "chain: 0 lost, 0 duplicate, 0 reordered, on every store" for the postgresql store.
 */
class BenchPostgresqlTwoNodesIT extends TwoNodesBench {
    private static final String DATABASE = "hbpush_bench_two_nodes";
    private static PostgresqlServerProcess postgresql;
    private static InProcessServer nodeA;
    private static InProcessServer nodeB;

    @BeforeAll
    static void start() throws Exception {
        postgresql = PostgresqlServerProcess.start();
        postgresql.createDatabase(DATABASE);
        nodeA = InProcessServer.startOnPostgresql(postgresql.host(), postgresql.port(), DATABASE, PostgresqlServerProcess.USER);
        nodeB = InProcessServer.startOnPostgresql(postgresql.host(), postgresql.port(), DATABASE, PostgresqlServerProcess.USER);
    }

    @AfterAll
    static void stop() throws Exception {
        closeAll(nodeA, nodeB, postgresql);
    }

    @Override
    InProcessServer nodeA() {
        return nodeA;
    }

    @Override
    InProcessServer nodeB() {
        return nodeB;
    }
}
