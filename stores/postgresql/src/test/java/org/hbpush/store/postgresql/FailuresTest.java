package org.hbpush.store.postgresql;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.hbpush.api.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {
    private final Failures failures = new Failures("postgresql://db:5432/hbpush");

    @Test
    void aPoolTimeoutSaysWhyTheDriverCouldNotConnect() {
        SQLException refused = new SQLException("Connection to db:5432 refused. Check that the hostname and port are correct.", "08001");
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "hbpush-postgresql-default - Connection is not available, request timed out after 2000ms", "08001", refused);

        RuntimeException translated = failures.translate(timeout);
        assertThat(translated).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("postgresql://db:5432/hbpush is unreachable: Connection to db:5432 refused. Check that the hostname and port are correct.");
        assertThat(Failures.isConnectionFailure(timeout)).isTrue();
    }

    @Test
    void aFailedStatementIsOneLineWithoutTheServerPrefix() {
        SQLException cancelled = new SQLException("ERROR: canceling statement due to statement timeout\n  Where: SQL statement", "57014");
        assertThat(failures.translate(cancelled)).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("postgresql://db:5432/hbpush failed: canceling statement due to statement timeout");
        assertThat(Failures.isConnectionFailure(cancelled)).as("a statement that failed on a working server").isFalse();
        assertThat(Failures.isConnectionFailure(new SQLException("FATAL: terminating connection due to administrator command", "57P01"))).isTrue();
    }

    @Test
    void aBugIsNotABackendFailure() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(failures.translate(bug)).isSameAs(bug);
    }
}
