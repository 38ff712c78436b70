package org.hbpush.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.hbpush.api.StoreProvider;
import org.hbpush.server.config.ConfigurationLoader;
import org.hbpush.server.config.ConfigurationValidator;
import org.hbpush.server.config.ServerConfiguration;
import org.hbpush.server.config.ValidatedConfiguration;
import org.hbpush.server.plugin.LoadedPlugins;
import org.hbpush.server.plugin.PluginLoadException;
import org.hbpush.server.plugin.PluginLoader;
import org.hbpush.store.memory.MemoryStoreProvider;

/**
 * A real hbpushd (real Jetty, real sockets) on a free port of the loopback interface, configured
 * from YAML, with the memory store on the class path. Close it after each test.
 */
final class RunningServer implements AutoCloseable {
    private final HbpushServer server;
    private final TestHttp http;

    private RunningServer(HbpushServer server) {
        this.server = server;
        this.http = new TestHttp(URI.create("http://127.0.0.1:" + server.port()));
    }

    /** The default configuration of PROTOCOL.md, on a free port. */
    static RunningServer withDefaults() {
        return withYaml("""
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /subscriber/
                  - type: publisher
                    prefix: /publisher/
                """);
    }

    /** The configuration in {@code yaml} (without port and address: those are the test's), memory store from the class path. */
    static RunningServer withYaml(String yaml) {
        return withYaml(yaml, Map.<String, String>of());
    }

    /** The configuration in {@code yaml}, whose {@code ${NAME}} secrets are read from {@code environment}. */
    static RunningServer withYaml(String yaml, Map<String, String> environment) {
        return start(yaml, Map.of("memory", new MemoryStoreProvider()), Map.of(), environment);
    }

    /**
     * The configuration in {@code yaml}, with the stores of the plugins in {@code pluginsDirectory}
     * loaded as hbpushd loads them (see {@link #TEST_PLUGINS}).
     */
    static RunningServer withYaml(String yaml, Path pluginsDirectory) {
        try {
            LoadedPlugins plugins = new PluginLoader().load(pluginsDirectory);
            Map<String, String> pluginOfType = new LinkedHashMap<>();
            plugins.providersByType().keySet().forEach(type ->
                    plugins.pluginOfType(type).ifPresent(plugin -> pluginOfType.put(type, plugin.directory().toString())));
            return start(yaml, plugins.providersByType(), pluginOfType, Map.of());
        }
        catch (PluginLoadException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The configuration in {@code yaml} as it is: it says where to listen itself ({@code listen:}),
     * memory store from the class path, {@code ${NAME}} secrets read from {@code environment}.
     */
    static RunningServer withListeners(String yaml, Map<String, String> environment) {
        return startFile(yaml, Map.of("memory", new MemoryStoreProvider()), Map.of(), environment);
    }

    /** The real plugin directories, unpacked by the build from the stores' plugin zips. */
    static final Path TEST_PLUGINS = Path.of("target/test-plugins");

    private static RunningServer start(String yaml, Map<String, StoreProvider> providers, Map<String, String> pluginOfType,
            Map<String, String> environment) {
        return startFile("port: 0\naddress: 127.0.0.1\n" + yaml, providers, pluginOfType, environment);
    }

    private static RunningServer startFile(String content, Map<String, StoreProvider> providers, Map<String, String> pluginOfType,
            Map<String, String> environment) {
        try {
            Path directory = Files.createTempDirectory("hbpush-test");
            Path file = directory.resolve("hbpushd.yml");
            Files.writeString(file, content, StandardCharsets.UTF_8);
            ServerConfiguration configuration = new ConfigurationLoader(environment).load(file, Optional.empty());
            ValidatedConfiguration validated = ConfigurationValidator.validate(configuration, providers);
            HbpushServer server = HbpushServer.open(validated, pluginOfType);
            server.start();
            return new RunningServer(server);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (Exception e) {
            throw new IllegalStateException("the test server did not start: " + e.getMessage(), e);
        }
    }

    TestHttp http() {
        return http;
    }

    int port() {
        return server.port();
    }

    /** The port of the listener with this name. */
    int port(String listener) {
        return server.port(listener);
    }

    void stop() {
        server.stop();
    }

    @Override
    public void close() {
        server.stop();
    }
}
