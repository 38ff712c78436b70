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

/**
 * A real hbpushd (real Jetty, real sockets, the memory store) on a free loopback port, with the
 * locations the bench's scenarios use: long polling at /subscriber/, interval polling at /interval/,
 * publishing at /publisher/. Close it after each test.
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
        Path file = Files.createTempDirectory("hbpush-bench-test").resolve("hbpushd.yml");
        Files.writeString(file, CONFIGURATION, StandardCharsets.UTF_8);
        ValidatedConfiguration configuration = ConfigurationValidator.validate(
                new ConfigurationLoader().load(file, Optional.empty()), Map.of("memory", new MemoryStoreProvider()));
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
