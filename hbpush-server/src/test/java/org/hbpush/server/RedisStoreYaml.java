package org.hbpush.server;

import java.util.UUID;

import org.hbpush.testing.RedisServerProcess;

/** The {@code store:} section of a test server on a private redis-server, under a key prefix of the test's own. */
final class RedisStoreYaml {
    private RedisStoreYaml() {
    }

    /** A key prefix no other test uses. */
    static String newKeyPrefix(String test) {
        return test + "-" + UUID.randomUUID() + ":";
    }

    static String of(RedisServerProcess redis, String keyPrefix) {
        return """
                store:
                  type: redis
                  host: %s
                  port: %s
                  key_prefix: '%s'
                """.formatted(redis.host(), redis.port(), keyPrefix);
    }
}
