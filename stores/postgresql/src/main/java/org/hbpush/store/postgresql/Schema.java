package org.hbpush.store.postgresql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Creates the store's tables when they are missing, or brings older tables up to this build's
 * version, and records the version. Each version is one file, {@code schema-N.sql}, run in order
 * from the version found: new tables run them all. The whole runs in one transaction under an
 * advisory lock, so two nodes starting at once do not race, and every statement is idempotent.
 */
final class Schema {
    /** The schema version this build writes and reads. */
    static final int VERSION = 2;

    private final TableNames tables;
    private final Logger log;

    Schema(TableNames tables, Logger log) {
        this.tables = requireNonNull(tables, "tables is null");
        this.log = requireNonNull(log, "log is null");
    }

    /** The statements of every version in order, the prefix filled in: what new tables run. */
    List<String> statements() {
        List<String> all = new ArrayList<>();
        for (int version = 1; version <= VERSION; version++) {
            all.addAll(statements(version));
        }
        return List.copyOf(all);
    }

    /** The statements that bring tables of the version before up to {@code version}. */
    List<String> statements(int version) {
        String script = tables.expand(readResource("schema-" + version + ".sql"));
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return List.copyOf(statements);
    }

    /** Creates what is missing and migrates what is older; runs in the caller's transaction, which the caller commits. */
    void ensure(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "hbpush schema " + tables.prefix());
            lock.execute();
        }
        int found = recordedVersion(connection);
        if (found > VERSION) {
            throw new SQLException(format("the tables %s* have schema version %s, newer than this hbpushd knows (%s); upgrade hbpushd",
                    tables.prefix(), found, VERSION), "HB001");
        }
        if (found == VERSION) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (int version = found + 1; version <= VERSION; version++) {
                for (String sql : statements(version)) {
                    statement.execute(sql);
                }
            }
        }
        if (found == 0) {
            log.info("created the postgresql store's tables {}* (schema version {})", tables.prefix(), VERSION);
        }
        else {
            log.info("upgraded the postgresql store's tables {}* from schema version {} to {}", tables.prefix(), found, VERSION);
        }
    }

    private int recordedVersion(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, tables.schemaVersion());
            try (ResultSet result = exists.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return 0;
                }
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT coalesce(max(version), 0) FROM " + tables.schemaVersion())) {
            result.next();
            return result.getInt(1);
        }
    }

    private static String readResource(String name) {
        try (InputStream input = Schema.class.getResourceAsStream(name)) {
            if (input == null) {
                throw new IllegalStateException("the plugin jar lacks " + name);
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
