package org.hbpush.store.redis;

import java.util.List;

import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;

import static java.util.Objects.requireNonNull;

/**
 * Store type {@code redis}: channels and messages in a Redis server (6.2 or later), shared by
 * every hbpushd node configured with the same server, database and {@code key_prefix}.
 *
 * <pre>{@code
 * store:
 *   type: redis
 *   host: redis.internal
 *   key_prefix: 'hbpush:'
 * }</pre>
 *
 * or, with a URL: {@code store: {type: redis, url: 'rediss://redis.internal:6380/2', password: secret}}.
 */
public final class RedisStoreProvider implements StoreProvider {
    /** The store type, as written in the configuration. */
    public static final String TYPE = "redis";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<StoreOption> options() {
        return List.of(
                StoreOption.of(RedisSettings.HOST, "localhost", "the Redis server's host name"),
                StoreOption.of(RedisSettings.PORT, "6379", "the Redis server's port"),
                StoreOption.of(RedisSettings.DATABASE, "0", "the database number to select"),
                StoreOption.of(RedisSettings.KEY_PREFIX, "", "prepended to every key and the events channel, to share a database with other applications"),
                StoreOption.optional(RedisSettings.USERNAME, "the user to log in as (Redis 6 ACLs); needs password"),
                StoreOption.optional(RedisSettings.PASSWORD, "the password to log in with"),
                StoreOption.of(RedisSettings.SSL, "false", "connect with TLS"),
                StoreOption.optional(RedisSettings.URL, "a redis:// or rediss:// URL instead of host, port, database and ssl"),
                StoreOption.of(RedisSettings.COMMAND_TIMEOUT, "2s", "how long a command may take before the request gets 503"),
                StoreOption.of(RedisSettings.CONNECT_TIMEOUT, "2s", "how long connecting may take before the request gets 503"));
    }

    @Override
    public Store create(StoreOptions options, StoreContext context) {
        requireNonNull(options, "options is null");
        requireNonNull(context, "context is null");
        return RedisStore.open(RedisSettings.from(options), context);
    }
}
