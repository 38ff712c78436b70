package org.hbpush.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.lettuce.core.RedisURI;
import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.api.StoreOptions;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A redis store's options, checked: where the server is, how to log in, the key prefix and the
 * timeouts.
 *
 * @param uri            where to connect and how to log in; holds the password, so never logged
 * @param keyPrefix      prepended to every key and to the events channel
 * @param commandTimeout how long one command may take
 * @param connectTimeout how long connecting may take
 */
record RedisSettings(RedisURI uri, String keyPrefix, Duration commandTimeout, Duration connectTimeout) {
    static final String HOST = "host";
    static final String PORT = "port";
    static final String DATABASE = "database";
    static final String KEY_PREFIX = "key_prefix";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String SSL = "ssl";
    static final String URL = "url";
    static final String COMMAND_TIMEOUT = "command_timeout";
    static final String CONNECT_TIMEOUT = "connect_timeout";

    // What a url already says; configuring both would leave one of them silently ignored.
    private static final List<String> REPLACED_BY_URL = List.of(HOST, PORT, DATABASE, SSL);

    RedisSettings {
        requireNonNull(uri, "uri is null");
        requireNonNull(keyPrefix, "keyPrefix is null");
        requireNonNull(commandTimeout, "commandTimeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
    }

    /** Reads and checks the options; raises {@link InvalidStoreOptionException} naming the key at fault. */
    static RedisSettings from(StoreOptions options) {
        requireNonNull(options, "options is null");
        RedisURI uri = options.optionalString(URL).map(url -> fromUrl(url, options)).orElseGet(() -> fromParts(options));
        Optional<String> username = options.optionalString(USERNAME);
        Optional<String> password = options.optionalString(PASSWORD);
        if (username.isPresent() && password.isEmpty()) {
            throw new InvalidStoreOptionException(USERNAME, "needs a password too");
        }
        password.ifPresent(secret -> {
            if (username.isPresent()) {
                uri.setAuthentication(username.get(), secret.toCharArray());
            }
            else {
                uri.setAuthentication(secret.toCharArray());
            }
        });
        Duration commandTimeout = positive(options, COMMAND_TIMEOUT);
        Duration connectTimeout = positive(options, CONNECT_TIMEOUT);
        uri.setTimeout(commandTimeout);
        return new RedisSettings(uri, options.string(KEY_PREFIX), commandTimeout, connectTimeout);
    }

    /** Where the server is, for log lines and 503 reasons: never the password. */
    String endpoint() {
        if (uri.getSocket() != null) {
            return "redis at " + uri.getSocket();
        }
        return format("redis at %s:%s", uri.getHost(), uri.getPort());
    }

    @Override
    public String toString() {
        return format("RedisSettings[%s, database %s, key prefix '%s']", endpoint(), uri.getDatabase(), keyPrefix);
    }

    private static RedisURI fromUrl(String url, StoreOptions options) {
        for (String key : REPLACED_BY_URL) {
            if (options.configuredKeys().contains(key)) {
                throw new InvalidStoreOptionException(key, "cannot be combined with url, which says it already");
            }
        }
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new InvalidStoreOptionException(URL, "must start with redis:// or rediss://");
        }
        try {
            return RedisURI.create(url);
        }
        catch (RuntimeException e) {
            // The URL may hold a password: say what is wrong, not what it is.
            throw new InvalidStoreOptionException(URL, "is not a valid redis URL: " + e.getMessage().replace(url, "<url>"));
        }
    }

    private static RedisURI fromParts(StoreOptions options) {
        String host = options.string(HOST).trim();
        if (host.isEmpty()) {
            throw new InvalidStoreOptionException(HOST, "must not be empty");
        }
        int port = options.integer(PORT);
        if (port < 1 || port > 65535) {
            throw new InvalidStoreOptionException(PORT, format("must be between 1 and 65535, not %s", port));
        }
        int database = options.integer(DATABASE);
        if (database < 0) {
            throw new InvalidStoreOptionException(DATABASE, format("must not be negative, not %s", database));
        }
        RedisURI uri = RedisURI.create(host, port);
        uri.setDatabase(database);
        uri.setSsl(options.bool(SSL));
        return uri;
    }

    private static Duration positive(StoreOptions options, String key) {
        Duration duration = options.duration(key);
        if (duration.isZero()) {
            throw new InvalidStoreOptionException(key, "must be more than zero");
        }
        return duration;
    }
}
