package org.hbpush.store.redis;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.hbpush.api.StoreProvider;
import org.hbpush.store.tck.StoreCapability;
import org.hbpush.store.tck.StoreContractTest;
import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a private redis-server. Shared across nodes (stores on the same options
 * share the server) and durable (a new store on the same options finds what the closed ones left).
 */
class RedisStoreContractIT extends StoreContractTest {
    private static final String KEY_PREFIX = "tck-" + UUID.randomUUID() + ":";
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected StoreProvider provider() {
        return new RedisStoreProvider();
    }

    @Override
    protected Map<String, String> options() {
        return Map.of("host", redis.host(), "port", Integer.toString(redis.port()), "key_prefix", KEY_PREFIX);
    }

    @Override
    protected Set<StoreCapability> capabilities() {
        return EnumSet.of(StoreCapability.SHARED_ACROSS_NODES, StoreCapability.DURABLE);
    }

    @Override
    protected String howToStartBackend() {
        return "The test starts its own redis-server: run scripts/test-services.sh to install it.";
    }
}
