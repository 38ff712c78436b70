package org.hbpush.store.postgresql;

import java.util.List;

import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;

import static java.util.Objects.requireNonNull;

/**
 * Store type {@code postgresql}: channels and messages in PostgreSQL tables, durable, and shared by
 * every hbpushd node that uses the same database and table prefix. Nodes hear each other's posts
 * and deletes through LISTEN/NOTIFY.
 *
 * <pre>{@code
 * store:
 *   type: postgresql
 *   host: db.internal
 *   database: hbpush
 *   user: hbpush
 *   password: secret
 * }</pre>
 *
 * <p>The tables are created on first use when missing; the database itself must exist.
 */
public final class PostgresqlStoreProvider implements StoreProvider {
    /** The store type, as written in the configuration. */
    public static final String TYPE = "postgresql";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<StoreOption> options() {
        return PostgresqlSettings.OPTIONS;
    }

    /** Checks the options and opens the pool lazily: a PostgreSQL that is down is reported by the store's calls. */
    @Override
    public Store create(StoreOptions options, StoreContext context) {
        requireNonNull(options, "options is null");
        requireNonNull(context, "context is null");
        return PostgresqlStore.open(PostgresqlSettings.from(options), context);
    }
}
