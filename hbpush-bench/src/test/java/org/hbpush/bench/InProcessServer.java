package org.hbpush.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.hbpush.server.HbpushServer;
import org.hbpush.server.config.ConfigurationLoader;
import org.hbpush.server.config.ValidatedConfiguration;
import org.hbpush.server.config.ConfigurationValidator;
import org.hbpush.store.memory.MemoryStoreProvider;
import org.hbpush.store.postgresql.PostgresqlStoreProvider;
import org.hbpush.store.redis.RedisStoreProvider;

/**
 * A real hbpushd (real Jetty, real sockets, the memory store, or a redis or postgresql one shared by
 * several nodes) on a free loopback port, with the locations the bench's scenarios use: long polling
 * at /subscriber/, interval polling at /interval/, publishing at /publisher/. Close it after each test.
 */
final class InProcessServer implements AutoCloseable {
    private static final String CONFIGURATION = """
            port: 0
            address: 127.0.0.1
            store:
              type: memory
            locations:
              - type: subscriber
                prefix: /subscriber/
              - type: subscriber
                prefix: /interval/
                polling: interval
              - type: publisher
                prefix: /publisher/
                message_buffer_length: 10000
            """;

    private final HbpushServer server;

    private InProcessServer(HbpushServer server) {
        this.server = server;
    }

    static InProcessServer start() throws Exception {
        return start(CONFIGURATION);
    }

    /**
     * A node of a cluster sharing the redis-server at {@code host:port}, under {@code keyPrefix}
     * (the test's own keys): start two with the same arguments for two nodes.
     */
    static InProcessServer startOnRedis(String host, int port, String keyPrefix) throws Exception {
        return startOnStore("""
                store:
                  type: redis
                  host: %s
                  port: %d
                  key_prefix: '%s'
                """.formatted(host, port, keyPrefix));
    }

    /**
     * A node of a cluster sharing the PostgreSQL database {@code database} at {@code host:port}, logged
     * in as {@code user}: start two with the same arguments for two nodes. The database must exist;
     * the store creates its tables.
     */
    static InProcessServer startOnPostgresql(String host, int port, String database, String user) throws Exception {
        return startOnStore("""
                store:
                  type: postgresql
                  host: %s
                  port: %d
                  database: %s
                  user: %s
                """.formatted(host, port, database, user));
    }

    /** The configuration with its memory store section replaced by {@code storeSection}. */
    private static InProcessServer startOnStore(String storeSection) throws Exception {
        String memoryStore = """
                store:
                  type: memory
                """;
        if (!CONFIGURATION.contains(memoryStore)) {
            throw new IllegalStateException("the configuration has no memory store section to replace");
        }
        return start(CONFIGURATION.replace(memoryStore, storeSection));
    }

    private static InProcessServer start(String yaml) throws Exception {
        Path file = Files.createTempDirectory("hbpush-bench-test").resolve("hbpushd.yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        ValidatedConfiguration configuration = ConfigurationValidator.validate(new ConfigurationLoader().load(file, Optional.empty()),
                Map.of("memory", new MemoryStoreProvider(), "redis", new RedisStoreProvider(),
                        "postgresql", new PostgresqlStoreProvider()));
        HbpushServer server = HbpushServer.open(configuration, Map.of());
        server.start();
        return new InProcessServer(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
