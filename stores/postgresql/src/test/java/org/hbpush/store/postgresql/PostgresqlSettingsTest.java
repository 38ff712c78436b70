package org.hbpush.store.postgresql;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.store.tck.MapStoreOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresqlSettingsTest {
    @Test
    void theDefaultsAreThoseOfTheDocumentation() {
        PostgresqlSettings settings = settings(Map.of());
        assertThat(settings.url()).isEmpty();
        assertThat(settings.host()).isEqualTo("localhost");
        assertThat(settings.port()).isEqualTo(5432);
        assertThat(settings.database()).isEqualTo("hbpush");
        assertThat(settings.user()).isEmpty();
        assertThat(settings.password()).isEmpty();
        assertThat(settings.tables().prefix()).isEqualTo("hbpush_");
        assertThat(settings.poolSize()).isEqualTo(10);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.nodeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.target()).isEqualTo("postgresql://localhost:5432/hbpush");
    }

    @Test
    void theTargetNeverShowsThePasswordNorUrlParameters() {
        assertThat(settings(Map.of("password", "s3cret", "user", "hbpush")).target()).doesNotContain("s3cret");
        assertThat(settings(Map.of("url", "jdbc:postgresql://db1:5433,db2/app?password=s3cret&ssl=true")).target())
                .isEqualTo("postgresql://db1:5433,db2/app");
    }

    @Test
    void aUrlExcludesHostPortAndDatabase() {
        assertThatThrownBy(() -> settings(Map.of("url", "jdbc:postgresql://db/app", "host", "db")))
                .isInstanceOf(InvalidStoreOptionException.class)
                .hasMessage("host: cannot be set together with url: use one or the other");
        assertThatThrownBy(() -> settings(Map.of("url", "jdbc:mysql://db/app")))
                .isInstanceOf(InvalidStoreOptionException.class)
                .hasMessageStartingWith("url: must be a PostgreSQL JDBC URL");
    }

    @Test
    void theTablePrefixIsAPlainIdentifier() {
        for (String bad : new String[] {"", "Hbpush_", "hb-push", "hb\"; DROP TABLE x; --", "1abc", "a".repeat(41)}) {
            assertThatThrownBy(() -> settings(Map.of("table_prefix", bad)))
                    .as("table_prefix %s", bad)
                    .isInstanceOf(InvalidStoreOptionException.class)
                    .hasMessageStartingWith("table_prefix: must be at most 40 lowercase letters");
        }
        assertThat(settings(Map.of("table_prefix", "_app1_")).tables().messages()).isEqualTo("_app1_messages");
    }

    @Test
    void numbersAndDurationsAreChecked() {
        assertThatThrownBy(() -> settings(Map.of("port", "70000"))).hasMessage("port: must be between 1 and 65535, not 70000");
        assertThatThrownBy(() -> settings(Map.of("pool_size", "0"))).hasMessage("pool_size: must be between 1 and 1000, not 0");
        assertThatThrownBy(() -> settings(Map.of("connect_timeout", "10ms"))).hasMessage("connect_timeout: must be at least 250ms, not 10ms");
        assertThat(settings(Map.of("statement_timeout", "1.5")).statementTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings(Map.of("user", " ")).user()).isEqualTo(Optional.empty());
    }

    private static PostgresqlSettings settings(Map<String, String> values) {
        return PostgresqlSettings.from(new MapStoreOptions(new PostgresqlStoreProvider(), values));
    }
}
