package org.hbpush.store.postgresql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaTest {
    private static final String README_MARKER = "<!-- postgresql schema: kept equal to schema-*.sql by SchemaTest -->";

    @Test
    void everyStatementIsIdempotentAndUsesThePrefix() {
        List<String> statements = new Schema(new TableNames("app_"), LoggerFactory.getLogger(SchemaTest.class)).statements();
        assertThat(statements).isNotEmpty().allSatisfy(sql -> {
            assertThat(sql).doesNotContain("${prefix}").endsWith(";");
            assertThat(sql.startsWith("CREATE TABLE IF NOT EXISTS app_") || sql.startsWith("CREATE INDEX IF NOT EXISTS app_")
                    || sql.startsWith("ALTER TABLE app_") && sql.contains(" ADD COLUMN IF NOT EXISTS ")
                    || sql.startsWith("UPDATE app_channels c SET message_count = (SELECT count(*)")
                    || sql.startsWith("INSERT INTO app_schema_version") && sql.contains("ON CONFLICT"))
                    .as("idempotent: %s", sql)
                    .isTrue();
        });
    }

    @Test
    void eachVersionRecordsItself() {
        Schema schema = new Schema(new TableNames("app_"), LoggerFactory.getLogger(SchemaTest.class));
        for (int version = 1; version <= Schema.VERSION; version++) {
            List<String> statements = schema.statements(version);
            assertThat(statements.get(statements.size() - 1))
                    .as("schema-%s.sql ends by recording its version", version)
                    .isEqualTo("INSERT INTO app_schema_version (version) VALUES (" + version + ") ON CONFLICT (version) DO NOTHING;");
        }
    }

    @Test
    void theReadmeShowsTheSchemaAsCreated() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf(README_MARKER);
        assertThat(marker).as("README.md has the schema under its marker").isNotNegative();
        int start = readme.indexOf("```sql\n", marker) + "```sql\n".length();
        String documented = readme.substring(start, readme.indexOf("\n```", start));
        String created = String.join("\n\n", new Schema(new TableNames("hbpush_"), LoggerFactory.getLogger(SchemaTest.class)).statements());
        assertThat(documented).as("README.md's schema is every schema-N.sql in order, with the default prefix").isEqualTo(created);
    }
}
