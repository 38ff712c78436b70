package org.hbpush.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hbpush.api.Retention;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hbpush.server.config.Fixtures.fixture;
import static org.hbpush.server.config.Fixtures.load;
import static org.hbpush.server.config.Fixtures.loadAndValidate;

class ConfigurationLoaderTest {
    @Nested
    @DisplayName("every YAML example of the seed README loads as written")
    class SeedExamples {
        @Test
        @DisplayName("server options: port and address; store and locations take their defaults")
        void serverOptions() throws ConfigurationException {
            ServerConfiguration configuration = load("seed-server.yml");

            assertThat(configuration.port()).isEqualTo(9090);
            assertThat(configuration.address()).isEqualTo("127.0.0.1");
            assertThat(configuration.pluginsDirectory()).isEmpty();
            assertThat(configuration.stores()).isEqualTo(ConfigurationLoader.defaults().stores());
            assertThat(configuration.locations()).isEqualTo(ConfigurationLoader.defaults().locations());
            assertThat(loadAndValidate("seed-server.yml").stores()).containsOnlyKeys("default");
        }

        @Test
        @DisplayName("one unnamed store is named default")
        void singleStore() throws ConfigurationException {
            ServerConfiguration configuration = load("seed-single-store.yml");

            assertThat(configuration.stores()).containsOnlyKeys("default");
            assertThat(configuration.stores().get("default"))
                    .isEqualTo(new StoreConfiguration("default", "redis", Map.of("key_prefix", "hbpush_"), "store"));
            assertThat(configuration.address()).isEqualTo("");
        }

        @Test
        @DisplayName("several named stores keep their file order and their options as text")
        void namedStores() throws ConfigurationException {
            ServerConfiguration configuration = load("seed-named-stores.yml");

            assertThat(configuration.stores().keySet()).containsExactly("mystore", "myotherstore", "default");
            assertThat(configuration.stores().get("mystore"))
                    .isEqualTo(new StoreConfiguration("mystore", "redis", Map.of("host", "127.0.0.1", "port", "6380"), "store.mystore"));
            assertThat(configuration.stores().get("myotherstore"))
                    .isEqualTo(new StoreConfiguration("myotherstore", "memory", Map.of(), "store.myotherstore"));
            assertThat(configuration.stores().get("default").options()).containsExactly(Map.entry("port", "6379"));
            assertThat(loadAndValidate("seed-named-stores.yml").stores().keySet()).containsExactly("mystore", "myotherstore", "default");
        }

        @Test
        @DisplayName("the two store snippets the README calls equivalent configure the same store")
        void equivalentStoreForms() throws ConfigurationException {
            StoreConfiguration unnamed = load("seed-single-store.yml").stores().get("default");
            StoreConfiguration named = load("seed-single-store-named-default.yml").stores().get("default");

            assertThat(named.name()).isEqualTo(unnamed.name());
            assertThat(named.type()).isEqualTo(unnamed.type());
            assertThat(named.options()).isEqualTo(unnamed.options());
            assertThat(unnamed.keyPath()).isEqualTo("store");
            assertThat(named.keyPath()).isEqualTo("store.default");
            assertThat(load("seed-single-store-named-default.yml").stores().keySet())
                    .isEqualTo(load("seed-single-store.yml").stores().keySet());
        }

        @Test
        @DisplayName("the README's default configuration is the built-in default")
        void defaultConfiguration() throws ConfigurationException {
            ServerConfiguration configuration = load("seed-default.yml");
            ServerConfiguration defaults = ConfigurationLoader.defaults();

            assertThat(configuration.port()).isEqualTo(defaults.port());
            assertThat(configuration.address()).isEqualTo(defaults.address());
            assertThat(configuration.pluginsDirectory()).isEqualTo(defaults.pluginsDirectory());
            assertThat(configuration.stores()).isEqualTo(defaults.stores());
            assertThat(configuration.locations()).isEqualTo(defaults.locations());
        }

        @Test
        @DisplayName("the complex example: three stores, six locations in order")
        void complexExample() throws ConfigurationException {
            assertComplexExample(load("seed-complex.yml"));
            assertThat(loadAndValidate("seed-complex.yml").stores().keySet()).containsExactly("default", "redis1", "redis2");
        }

        @Test
        @DisplayName("the caveat example (an unreachable publisher) still loads: order is the user's business")
        void caveatExample() throws ConfigurationException {
            ServerConfiguration configuration = load("seed-caveat.yml");

            assertThat(configuration.locations()).extracting(location -> location.url().map(Pattern::pattern).orElseThrow())
                    .containsExactly("/(.+)", "/pub/(.+)");
            assertThat(configuration.locations()).extracting(LocationConfiguration::store).containsOnly("default");
            loadAndValidate("seed-caveat.yml");
        }
    }

    @Nested
    @DisplayName("JSON")
    class Json {
        @Test
        @DisplayName("a .json file is read as JSON and gives the same configuration as the YAML")
        void jsonByExtension() throws ConfigurationException {
            assertComplexExample(load("complex.json"));
        }

        @Test
        @DisplayName("--format json reads a file whose extension says nothing")
        void forcedFormat() throws ConfigurationException {
            ServerConfiguration configuration = new ConfigurationLoader()
                    .load(fixture("complex-json.conf"), Optional.of(ConfigurationFormat.JSON));

            assertComplexExample(configuration);
        }
    }

    @Nested
    @DisplayName("formats")
    class Formats {
        @Test
        @DisplayName("the extension chooses the format; an unknown one means YAML")
        void byExtension() {
            assertThat(ConfigurationFormat.ofFile(Path.of("conf/hbpushd.yml"))).isEqualTo(ConfigurationFormat.YAML);
            assertThat(ConfigurationFormat.ofFile(Path.of("hbpushd.YAML"))).isEqualTo(ConfigurationFormat.YAML);
            assertThat(ConfigurationFormat.ofFile(Path.of("hbpushd.json"))).isEqualTo(ConfigurationFormat.JSON);
            assertThat(ConfigurationFormat.ofFile(Path.of("hbpushd.conf"))).isEqualTo(ConfigurationFormat.YAML);
            assertThat(ConfigurationFormat.ofFile(Path.of("/"))).isEqualTo(ConfigurationFormat.YAML);
        }

        @Test
        @DisplayName("--format takes yaml or json, in any case")
        void named() {
            assertThat(ConfigurationFormat.named("json")).contains(ConfigurationFormat.JSON);
            assertThat(ConfigurationFormat.named("YAML")).contains(ConfigurationFormat.YAML);
            assertThat(ConfigurationFormat.named("yml")).contains(ConfigurationFormat.YAML);
            assertThat(ConfigurationFormat.named("toml")).isEmpty();
        }

        @Test
        @DisplayName("a JSON file read as YAML works too: YAML reads JSON")
        void jsonAsYaml() throws ConfigurationException {
            assertComplexExample(new ConfigurationLoader().load(fixture("complex.json"), Optional.of(ConfigurationFormat.YAML)));
        }
    }

    @Test
    @DisplayName("defaults(): port 80, every interface, one memory store, subscriber then publisher")
    void defaults() {
        ServerConfiguration defaults = ConfigurationLoader.defaults();

        assertThat(defaults.source()).isEqualTo("the default configuration");
        assertThat(defaults.port()).isEqualTo(80);
        assertThat(defaults.address()).isEqualTo("");
        assertThat(defaults.pluginsDirectory()).isEmpty();
        assertThat(defaults.stores()).containsExactly(
                Map.entry("default", new StoreConfiguration("default", "memory", Map.of(), "store")));
        assertThat(defaults.locations()).containsExactly(
                new LocationConfiguration(0, LocationType.SUBSCRIBER, "default", Optional.of("/subscriber/"), Optional.empty(),
                        1024, new PublisherConfiguration(true, 1_048_576, Retention.DEFAULT),
                        SubscriberConfiguration.DEFAULT, Optional.empty()),
                new LocationConfiguration(1, LocationType.PUBLISHER, "default", Optional.of("/publisher/"), Optional.empty(),
                        1024, new PublisherConfiguration(true, 1_048_576, Retention.DEFAULT),
                        SubscriberConfiguration.DEFAULT, Optional.empty()));
        assertThat(defaults.positions()).isEqualTo(SourcePositions.none());
    }

    @Test
    @DisplayName("every key, with values other than the defaults")
    void allKeys() throws ConfigurationException {
        ServerConfiguration configuration = load("all-keys.yaml");

        assertThat(configuration.port()).isEqualTo(8080);
        assertThat(configuration.address()).isEqualTo("0.0.0.0");
        assertThat(configuration.pluginsDirectory()).contains(Fixtures.directory().getParent().resolve("plugins"));
        assertThat(configuration.stores().get("cache").options()).containsExactly(
                Map.entry("host", "redis.internal"), Map.entry("port", "6380"), Map.entry("database", "2"), Map.entry("key_prefix", ""));
        LocationConfiguration publisher = configuration.locations().get(0);
        assertThat(publisher.type()).isEqualTo(LocationType.PUBLISHER);
        assertThat(publisher.store()).isEqualTo("cache");
        assertThat(publisher.publisher().createOnPost()).isFalse();
        assertThat(publisher.publisher().maxMessageSize()).isEqualTo(65_536);
        assertThat(publisher.maxChannelIdLength()).isEqualTo(200);
        assertThat(publisher.publisher().retention()).isEqualTo(new Retention(10, java.time.Duration.ZERO, false));
        LocationConfiguration subscriber = configuration.locations().get(1);
        assertThat(subscriber.prefix()).isEmpty();
        assertThat(subscriber.url().orElseThrow().pattern()).isEqualTo("/channel/(\\d+)/sub");
        assertThat(subscriber.subscriber().polling()).isEqualTo(Polling.INTERVAL);
        assertThat(subscriber.subscriber().timeout()).isEqualTo(java.time.Duration.ofSeconds(20));
        assertThat(subscriber.keyPath("url")).isEqualTo("locations[1].url");
        assertThat(publisher.listeners()).containsExactly("default");
        assertThat(subscriber.listeners()).isEmpty();
        assertThat(configuration.limits()).isEqualTo(new ConnectionLimits(500, 4096, java.time.Duration.ofSeconds(90), 1024));
        assertThat(configuration.http1Connection()).isEqualTo(Http1Connection.JETTY);
    }

    @Test
    @DisplayName("listen: named listeners, TLS with its keystore relative to the file and its password from the environment")
    void listeners() throws ConfigurationException {
        ServerConfiguration configuration = new ConfigurationLoader(Map.of("HBPUSH_TEST_TLS_PASSWORD", "s3cret"))
                .load(fixture("seed-listeners.yml"), Optional.empty());

        assertThat(configuration.listeners()).containsExactly(
                new ListenerConfiguration("public", "", 8443, Optional.of(
                        new TlsConfiguration(Fixtures.directory().resolve("certs/hbpush.p12"), "s3cret", Optional.empty()))),
                new ListenerConfiguration("internal", "127.0.0.1", 8081, Optional.empty()));
        assertThat(configuration.listeners().get(0).tls().orElseThrow().toString()).doesNotContain("s3cret");
        assertThat(configuration.locations()).extracting(configuration::listenersOf).containsExactly(
                List.of("public"), List.of("internal"), List.of("public", "internal"));
        assertThat(configuration.limits()).isEqualTo(ConnectionLimits.DEFAULT);

        ServerConfiguration overridden = configuration.withPort(0);
        assertThat(overridden.listeners()).extracting(ListenerConfiguration::port).containsExactly(0, 8081);
        assertThat(configuration.positions().of("listen[0].port")).contains(new SourcePosition(3, 5));
        assertThat(overridden.positions().of("listen[0].port")).isEmpty();
    }

    @Test
    @DisplayName("without listen:, port and address make the one listener, named default; the limits have their defaults")
    void defaultListener() throws ConfigurationException {
        ServerConfiguration configuration = load("seed-server.yml");

        assertThat(configuration.listeners()).containsExactly(
                new ListenerConfiguration("default", configuration.address(), configuration.port(), Optional.empty()));
        assertThat(configuration.withPort(0).listeners().get(0).port()).isZero();
        assertThat(configuration.limits()).isEqualTo(new ConnectionLimits(60_000, 8_192, java.time.Duration.ofSeconds(30), 4_096));
    }

    @Test
    @DisplayName("withPort overrides the port and forgets the file's line for it")
    void withPort() throws ConfigurationException {
        ServerConfiguration configuration = load("seed-server.yml");

        ServerConfiguration overridden = configuration.withPort(0);

        assertThat(overridden.port()).isEqualTo(0);
        assertThat(overridden.stores()).isEqualTo(configuration.stores());
        assertThat(configuration.positions().of("port")).contains(new SourcePosition(1, 1));
        assertThat(overridden.positions().of("port")).isEmpty();
        assertThat(overridden.positions().of("address")).contains(new SourcePosition(2, 1));
    }

    private static void assertComplexExample(ServerConfiguration configuration) {
        assertThat(configuration.port()).isEqualTo(9090);
        assertThat(configuration.stores().keySet()).containsExactly("default", "redis1", "redis2");
        assertThat(configuration.stores().get("default").type()).isEqualTo("memory");
        assertThat(configuration.stores().get("redis1").options()).isEqualTo(Map.of("key_prefix", "redis1_"));
        assertThat(configuration.stores().get("redis2").options()).isEqualTo(Map.of("key_prefix", "redis2_"));
        List<LocationConfiguration> locations = configuration.locations();
        assertThat(locations).extracting(LocationConfiguration::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(locations).extracting(LocationConfiguration::type).containsExactly(
                LocationType.SUBSCRIBER, LocationType.PUBLISHER,
                LocationType.SUBSCRIBER, LocationType.PUBLISHER,
                LocationType.SUBSCRIBER, LocationType.PUBLISHER);
        assertThat(locations).extracting(LocationConfiguration::store)
                .containsExactly("default", "default", "redis1", "redis1", "redis2", "redis2");
        assertThat(locations).extracting(LocationConfiguration::prefix).containsExactly(
                Optional.of("/sub/"), Optional.of("/pub/"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(locations).extracting(location -> location.url().map(Pattern::pattern)).containsExactly(
                Optional.empty(), Optional.empty(),
                Optional.of("/redis/(.+)/1/sub/"), Optional.of("/redis/(.+)/1/pub/"),
                Optional.of("/redis/(.+)/2/sub/"), Optional.of("/redis/(.+)/2/pub/"));
        assertThat(locations).extracting(location -> location.subscriber().polling()).containsExactly(
                Polling.LONG, Polling.LONG, Polling.INTERVAL, Polling.LONG, Polling.LONG, Polling.LONG);
        assertThat(locations).extracting(location -> location.publisher().createOnPost()).containsOnly(true);
        assertThat(locations).extracting(location -> location.publisher().maxMessageSize()).containsOnly(1_048_576L);
    }
}
