package org.hbpush.server.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigurationValidatorTest {
    @Test
    @DisplayName("the defaults validate against a memory plugin")
    void defaultsValidate() throws ConfigurationException {
        ValidatedConfiguration validated = ConfigurationValidator.validate(ConfigurationLoader.defaults(), FakeStoreProvider.memoryAndRedis());

        assertThat(validated.configuration()).isEqualTo(ConfigurationLoader.defaults());
        assertThat(validated.stores()).containsOnlyKeys("default");
        assertThat(validated.stores().get("default").provider().type()).isEqualTo("memory");
        assertThat(validated.stores().get("default").options().configuredKeys()).isEmpty();
    }

    @Test
    @DisplayName("store options: configured values win, declared defaults fill in, as text")
    void optionsOverDefaults() throws ConfigurationException {
        ValidatedConfiguration validated = Fixtures.loadAndValidate("seed-named-stores.yml");

        StoreOptions mystore = validated.stores().get("mystore").options();
        assertThat(mystore.configuredKeys()).containsExactly("host", "port");
        assertThat(mystore.string("host")).isEqualTo("127.0.0.1");
        assertThat(mystore.integer("port")).isEqualTo(6380);
        assertThat(mystore.integer("database")).isZero();
        assertThat(mystore.string("key_prefix")).isEmpty();
        assertThat(mystore.optionalString("password")).isEmpty();
        assertThat(validated.stores().get("default").options().integer("port")).isEqualTo(6379);
    }

    @Test
    @DisplayName("the provider reads the options it was given when it creates the store")
    void providerCreatesWithOptions() throws ConfigurationException {
        ConfiguredStore redis1 = Fixtures.loadAndValidate("seed-complex.yml").stores().get("redis1");

        FakeStoreProvider.FakeStore store = (FakeStoreProvider.FakeStore) redis1.provider().create(redis1.options(), new FakeStoreContext("redis1"));

        assertThat(store.options()).containsExactly(
                Map.entry("host", "localhost"), Map.entry("port", "6379"), Map.entry("database", "0"), Map.entry("key_prefix", "redis1_"));
    }

    @Test
    @DisplayName("options do not print their values: they may be passwords")
    void optionsHideValues() {
        StoreOptions options = new ConfiguredStoreOptions(Map.of("password", "secret"), List.of(StoreOption.optional("password", "the password")));

        assertThat(options.toString()).doesNotContain("secret").contains("password");
    }

    @Test
    @DisplayName("a configuration built in code gets the same checks, without lines")
    void builtInCode() {
        ServerConfiguration configuration = new ServerConfiguration("hand-made", -1, "", Optional.empty(),
                Map.of("default", new StoreConfiguration("default", "memory", Map.of(), "store")),
                List.of(new LocationConfiguration(0, LocationType.SUBSCRIBER, "default", Optional.empty(), Optional.of(Pattern.compile("/(a)(b)")),
                        1024, PublisherConfiguration.DEFAULT, SubscriberConfiguration.DEFAULT, Optional.empty()),
                        new LocationConfiguration(1, LocationType.PUBLISHER, "nowhere", Optional.empty(), Optional.empty(),
                                1024, PublisherConfiguration.DEFAULT, SubscriberConfiguration.DEFAULT, Optional.empty())));

        ConfigurationException error = catchThrowableOfType(ConfigurationException.class,
                () -> ConfigurationValidator.validate(configuration, FakeStoreProvider.memoryAndRedis()));

        assertThat(error.getMessage()).isEqualTo("""
                hbpushd: hand-made has 4 errors:
                  * port: must be between 0 and 65535, not -1
                  * locations[0].url: "/(a)(b)" must have exactly one capture group, found 2
                  * locations[1]: needs a prefix or a url (where the channel id is in the path)
                  * locations[1].store: no store named "nowhere" (defined stores: default)""");
        assertThat(error.problems()).hasSize(4);
        assertThat(error.source()).isEqualTo("hand-made");
    }

    @Test
    @DisplayName("a port given on the command line is not blamed on the file's line")
    void overriddenPort() throws ConfigurationException {
        ServerConfiguration configuration = Fixtures.load("seed-server.yml").withPort(70_000);

        ConfigurationException error = catchThrowableOfType(ConfigurationException.class,
                () -> ConfigurationValidator.validate(configuration, FakeStoreProvider.memoryAndRedis()));

        assertThat(error.problems()).containsExactly(
                new ConfigurationProblem(Optional.empty(), Optional.of("port"), "must be between 0 and 65535, not 70000"));
    }

    @Test
    @DisplayName("errorAt reports a problem found elsewhere (a port that cannot be bound) at the key's line")
    void errorAt() throws ConfigurationException {
        ServerConfiguration configuration = Fixtures.load("seed-server.yml");

        ConfigurationException error = configuration.errorAt("port", "cannot listen on 127.0.0.1:9090: address already in use");

        assertThat(error.getMessage()).isEqualTo("hbpushd: " + configuration.source() + " has 1 error:\n"
                + "  * line 1, column 1: port: cannot listen on 127.0.0.1:9090: address already in use");
    }

    @Test
    @DisplayName("a rejected option of an unknown store is a programming error")
    void rejectedOptionOfUnknownStore() throws ConfigurationException {
        ValidatedConfiguration validated = Fixtures.loadAndValidate("seed-default.yml");

        assertThatThrownBy(() -> validated.invalidStoreOption("nowhere", new InvalidStoreOptionException("port", "is wrong")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
