package org.hbpush.server.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.hbpush.api.InvalidStoreOptionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hbpush.server.config.Fixtures.fixture;

/**
 * One fixture per configuration failure, each asserting the whole message the user reads.
 * {@code %s} in an expected message stands for the fixture's path.
 */
class ConfigurationErrorsTest {
    @Nested
    @DisplayName("the file cannot be read")
    class Unreadable {
        @Test
        @DisplayName("a missing file is named as the user wrote it")
        void missingFile() {
            ConfigurationException error = loadingFails(Path.of("conf/does-not-exist.yml"), Optional.empty());

            assertThat(error.getMessage()).isEqualTo("""
                    hbpushd: conf/does-not-exist.yml has 1 error:
                      * cannot read the file: it does not exist""");
        }

        @Test
        @DisplayName("a directory is not a configuration file")
        void directory() {
            Path directory = Fixtures.directory();

            assertThat(loadingFails(directory, Optional.empty()).getMessage()).isEqualTo(format("""
                    hbpushd: %s has 1 error:
                      * cannot read the file: it is a directory""", directory));
        }

        @Test
        @DisplayName("a file with nothing but comments is empty")
        void emptyFile() {
            assertLoadingFails("error-empty.yml", """
                    hbpushd: %s has 1 error:
                      * the file is empty: it holds no configuration""");
        }
    }

    @Nested
    @DisplayName("syntax errors say what and where")
    class Syntax {
        @Test
        @DisplayName("malformed YAML")
        void malformedYaml() {
            assertLoadingFails("error-malformed.yml", """
                    hbpushd: %s has 1 error:
                      * line 4, column 14: malformed YAML: mapping values are not allowed here""");
        }

        @Test
        @DisplayName("malformed JSON")
        void malformedJson() {
            assertLoadingFails("error-malformed.json", """
                    hbpushd: %s has 1 error:
                      * line 3, column 30: malformed JSON: unexpected character ('}' (code 125)): was expecting double-quote to start field name""");
        }

        @Test
        @DisplayName("YAML forced to be read as JSON")
        void yamlReadAsJson() {
            Path file = fixture("seed-default.yml");

            assertThat(loadingFails(file, Optional.of(ConfigurationFormat.JSON)).getMessage()).isEqualTo(format("""
                    hbpushd: %s has 1 error:
                      * line 1, column 1: malformed JSON: unrecognized token 'port': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')""",
                    file));
        }

        @Test
        @DisplayName("the top level must be a map")
        void notAMap() {
            assertLoadingFails("error-not-a-map.yml", """
                    hbpushd: %s has 1 error:
                      * line 1, column 1: the configuration must be a map of keys (port, address, plugins_dir, access_log, max_waiting_subscribers, store, locations, listen, max_connections, max_request_header_size, idle_timeout, listen_backlog, http1_connection), not a list""");
        }

        @Test
        @DisplayName("a key written twice")
        void duplicateKey() {
            assertLoadingFails("error-duplicate-key.yml", """
                    hbpushd: %s has 1 error:
                      * line 4, column 1: port: duplicate key (first written at line 1, column 1)""");
        }

        @Test
        @DisplayName("a YAML alias, which would silently read as its name")
        void yamlAlias() {
            assertLoadingFails("error-yaml-alias.yml", """
                    hbpushd: %s has 1 error:
                      * line 7, column 11: store.redis2.host: YAML aliases (*redis_host) are not supported: write the value out""");
        }

        @Test
        @DisplayName("a second YAML document")
        void twoDocuments() {
            assertLoadingFails("error-two-documents.yml", """
                    hbpushd: %s has 1 error:
                      * line 3, column 1: a second YAML document starts here; the configuration is one document""");
        }
    }

    @Nested
    @DisplayName("keys and values")
    class KeysAndValues {
        @Test
        @DisplayName("unknown top-level keys, with a suggestion")
        void unknownKey() {
            assertLoadingFails("error-unknown-key.yml", """
                    hbpushd: %s has 2 errors:
                      * line 1, column 1: prot: unknown key (did you mean "port"?)
                      * line 2, column 1: adress: unknown key (did you mean "address"?)""");
        }

        @Test
        @DisplayName("unknown location keys: a camelCase spelling is suggested its snake_case, others get the list")
        void unknownLocationKey() {
            assertLoadingFails("error-unknown-location-key.yml", """
                    hbpushd: %s has 2 errors:
                      * line 4, column 5: locations[0].createOnPost: unknown key (did you mean "create_on_post"?)
                      * line 5, column 5: locations[0].colour: unknown key (known keys: type, store, prefix, url, max_channel_id_length, cors, polling, subscriber_timeout, multiplex_separator, subscriber_concurrency, create_on_post, max_message_size, message_buffer_length, message_timeout, store_messages, allow, deny, auth, listener)""");
        }

        @Test
        @DisplayName("a key of the other location type")
        void keyOfTheOtherLocationType() {
            assertLoadingFails("error-key-of-other-location-type.yml", """
                    hbpushd: %s has 2 errors:
                      * line 4, column 5: locations[0].polling: only applies to subscriber locations, this one is a publisher
                      * line 7, column 5: locations[1].create_on_post: only applies to publisher locations, this one is a subscriber""");
        }

        @Test
        @DisplayName("a location without a type or with an unknown one")
        void locationType() {
            assertLoadingFails("error-location-type.yml", """
                    hbpushd: %s has 2 errors:
                      * line 2, column 5: locations[0]: needs a type: publisher, subscriber, health, stats or metrics
                      * line 3, column 5: locations[1].type: must be publisher, subscriber, health, stats or metrics, not "pub\"""");
        }

        @Test
        @DisplayName("access_log is true or false")
        void accessLog() {
            assertLoadingFails("error-access-log.yml", """
                    hbpushd: %s has 1 error:
                      * line 1, column 1: access_log: must be true or false, not "sometimes\"""");
        }

        @Test
        @DisplayName("max_waiting_subscribers is a whole number of at least 1 that fits an int")
        void maxWaitingSubscribers() {
            assertLoadingFails("error-max-waiting-subscribers.yml", """
                    hbpushd: %s has 1 error:
                      * line 1, column 1: max_waiting_subscribers: must be a whole number of at least 1, not 0""");
            assertLoadingFails("error-max-waiting-subscribers-too-large.yml", """
                    hbpushd: %s has 1 error:
                      * line 1, column 1: max_waiting_subscribers: must be at most 2147483647, not 3000000000""");
        }

        @Test
        @DisplayName("allow and deny take address ranges; auth takes one secret, from the environment, never quoted")
        void accessLists() {
            assertLoadingFails("error-access.yml", """
                    hbpushd: %s has 7 errors:
                      * line 5, column 9: locations[0].allow[1]: "10.0.0.0/33" is not an address range; write an IPv4 or IPv6 address, optionally with /prefix-length (10.0.0.0/8, 2001:db8::/32)
                      * line 6, column 9: locations[0].allow[2]: "example.com" is not an address range; write an IPv4 or IPv6 address, optionally with /prefix-length (10.0.0.0/8, 2001:db8::/32)
                      * line 7, column 5: locations[0].deny: must be a list of address ranges such as 10.0.0.0/8 or ::1, not a map
                      * line 9, column 5: locations[0].auth: takes token or jwt_secret, not both
                      * line 14, column 7: locations[1].auth.token: the environment variable HBPUSH_TEST_VARIABLE_THAT_IS_NOT_SET is not set
                      * line 18, column 7: locations[2].auth.jwt_secret: must be at least 32 bytes long (an HS256 key as long as the hash, RFC 7518 section 3.2)
                      * line 21, column 5: locations[3].auth: only applies to publisher locations, this one is a subscriber""");
        }

        @Test
        @DisplayName("a stats location answers one path: its url has no capture group, and it takes no channel keys")
        void statsLocation() {
            assertValidationFails("error-stats-location.yml", """
                    hbpushd: %s has 1 error:
                      * line 5, column 5: locations[0].url: "/stats/(.*)" must have no capture group (a stats location answers one path), found 1""");
            assertLoadingFails("error-stats-cors.yml", """
                    hbpushd: %s has 1 error:
                      * line 4, column 5: locations[0].cors: only applies to publisher and subscriber locations, this one is a stats""");
        }

        @Test
        @DisplayName("a metrics location answers one path: its url has no capture group, and it takes no store or channel keys")
        void metricsLocation() {
            assertValidationFails("error-metrics-location.yml", """
                    hbpushd: %s has 1 error:
                      * line 5, column 5: locations[0].url: "/metrics/(.*)" must have no capture group (a metrics location answers one path), found 1""");
            assertLoadingFails("error-metrics-store.yml", """
                    hbpushd: %s has 2 errors:
                      * line 4, column 5: locations[0].store: only applies to publisher and subscriber locations, this one is a metrics
                      * line 5, column 5: locations[0].polling: only applies to subscriber locations, this one is a metrics""");
        }

        @Test
        @DisplayName("a health location takes no channel keys and needs a prefix or a url with one group")
        void healthLocation() {
            assertLoadingFails("error-health-location.yml", """
                    hbpushd: %s has 4 errors:
                      * line 3, column 5: locations[0].store: only applies to publisher and subscriber locations, this one is a health
                      * line 4, column 5: locations[0].max_channel_id_length: only applies to publisher and subscriber locations, this one is a health
                      * line 5, column 5: locations[0].polling: only applies to subscriber locations, this one is a health
                      * line 6, column 5: locations[1]: needs a prefix or a url (where it answers)""");
            assertValidationFails("error-health-url.yml", """
                    hbpushd: %s has 1 error:
                      * line 5, column 5: locations[0].url: "/health" must have exactly one capture group, found 0""");
        }

        @Test
        @DisplayName("a port that is not a number")
        void portNotANumber() {
            assertLoadingFails("error-port-not-a-number.yml", """
                    hbpushd: %s has 1 error:
                      * line 1, column 1: port: must be a whole number, not "abc\"""");
        }

        @Test
        @DisplayName("values of the wrong kind, all reported")
        void wrongValues() {
            assertLoadingFails("error-values.yml", """
                    hbpushd: %s has 6 errors:
                      * line 1, column 1: address: must be text, not a list
                      * line 2, column 1: plugins_dir: must not be empty
                      * line 5, column 5: locations[0].prefix: "pub/" must start with "/"
                      * line 6, column 5: locations[0].create_on_post: must be true or false, not "maybe"
                      * line 7, column 5: locations[0].max_message_size: must be a whole number of bytes, at least 1, not 0
                      * line 10, column 5: locations[1].polling: must be long or interval, not "short\"""");
        }

        @Test
        @DisplayName("retention, timeout and length limits that make no sense")
        void protocolValues() {
            assertLoadingFails("error-protocol-values.yml", """
                    hbpushd: %s has 7 errors:
                      * line 4, column 5: locations[0].message_buffer_length: must be a whole number of messages, at least 1, not 0
                      * line 5, column 5: locations[0].message_timeout: must be a whole number of seconds, 0 for no limit, not -5
                      * line 6, column 5: locations[0].store_messages: must be true or false, not "sometimes"
                      * line 7, column 5: locations[0].max_channel_id_length: must be a whole number of bytes, at least 1, not 0
                      * line 10, column 5: locations[1].subscriber_timeout: must be a whole number of seconds, 0 for no limit, not "soon"
                      * line 11, column 5: locations[1].multiplex_separator: "/" cannot separate channels in a path; use characters such as , ; + | ~ ! : @
                      * line 12, column 5: locations[1].subscriber_concurrency: must be broadcast, last or first, not "everybody\"""");
        }

        @Test
        @DisplayName("cors sections browsers would refuse")
        void corsValues() {
            assertLoadingFails("error-cors.yml", """
                    hbpushd: %s has 3 errors:
                      * line 6, column 7: locations[0].cors.allow_credentials: cannot be true with allow_origins: "*" (browsers refuse it); list the origins
                      * line 10, column 23: locations[1].cors.allow_origins[0]: "https://app.example.com/path" is not an origin; write scheme://host[:port], e.g. https://app.example.com
                      * line 11, column 7: locations[1].cors.max_agе: unknown key (did you mean "max_age"?)""");
        }

        @Test
        @DisplayName("listeners and connection limits written wrong, all reported")
        void listenersAndLimits() {
            assertLoadingFails("error-listeners.yml", """
                    hbpushd: %s has 12 errors:
                      * line 1, column 1: port: cannot be used together with listen: give each listener its own port (listen[0].port)
                      * line 5, column 5: listen[0].tls: needs password: the keystore's password (write ${NAME} to read it from the environment variable NAME)
                      * line 7, column 7: listen[0].tls.pasword: unknown key (did you mean "password"?)
                      * line 8, column 5: listen[1]: needs a name: with several listeners, each location names the ones it is served on
                      * line 10, column 5: listen[2].name: "in ternal" may hold only letters, digits, _ and -
                      * line 11, column 5: listen[2].port: must be a whole number, not "eighty"
                      * line 12, column 5: listen[2].protocol: unknown key (known keys: name, address, port, tls)
                      * line 16, column 5: locations[0].listener: must be the name of a listener or a list of names, not a map
                      * line 17, column 1: max_connections: must be a whole number of connections, at least 1, not 0
                      * line 18, column 1: max_request_header_size: must be a whole number of bytes, at least 1, not "big"
                      * line 19, column 1: idle_timeout: must be a whole number of seconds, at least 1, not -1
                      * line 20, column 1: listen_backlog: must be a whole number of connections, at least 1, not "none\"""");
        }

        @Test
        @DisplayName("an HTTP/1 connection hbpushd does not have")
        void http1Connection() {
            assertLoadingFails("error-http1-connection.yml", """
                    hbpushd: %s has 1 error:
                      * line 3, column 1: http1_connection: must be lean (the default: hbpushd answers GET and HEAD requests without a body itself on plain listeners and hands every other request to Jetty) or jetty (Jetty's own connection for every request), not "fast\"""");
        }

        @Test
        @DisplayName("a url that does not compile")
        void urlDoesNotCompile() {
            assertLoadingFails("error-url-does-not-compile.yml", """
                    hbpushd: %s has 1 error:
                      * line 3, column 5: locations[0].url: "/sub/(.+" is not a valid regular expression: Unclosed group near index 8""");
        }

        @Test
        @DisplayName("a nested value in a store section, a store section that is not a map")
        void storeSections() {
            assertLoadingFails("error-store-section.yml", """
                    hbpushd: %s has 2 errors:
                      * line 4, column 5: store.default.host: must be a single value (text, a number or true/false), not a map
                      * line 6, column 3: store.other: must be a store section with a type, not "memory\"""");
        }

        @Test
        @DisplayName("a single store without its type")
        void storeWithoutType() {
            assertLoadingFails("error-store-without-type.yml", """
                    hbpushd: %s has 1 error:
                      * line 1, column 1: store: needs a type (the store type, such as memory or redis)""");
        }

        @Test
        @DisplayName("when loading fails, the locations' problems are reported with the others")
        void loadingReportsLocationProblemsToo() {
            assertLoadingFails("error-while-loading-with-location-problems.yml", """
                    hbpushd: %s has 4 errors:
                      * line 1, column 1: prot: unknown key (did you mean "port"?)
                      * line 4, column 5: locations[0].url: "/sub/(.+)/(.+)" must have exactly one capture group, found 2
                      * line 5, column 5: locations[1]: needs a prefix or a url (where the channel id is in the path)
                      * line 6, column 5: locations[1].store: no store named "cache" (defined stores: default)""");
        }
    }

    @Nested
    @DisplayName("meaning, checked by the validator")
    class Meaning {
        @Test
        @DisplayName("a location with neither prefix nor url")
        void locationWithoutPrefixOrUrl() {
            assertValidationFails("error-location-without-prefix-or-url.yml", """
                    hbpushd: %s has 1 error:
                      * line 4, column 5: locations[1]: needs a prefix or a url (where the channel id is in the path)""");
        }

        @Test
        @DisplayName("a url without a capture group")
        void urlWithoutGroup() {
            assertValidationFails("error-url-without-group.yml", """
                    hbpushd: %s has 1 error:
                      * line 3, column 5: locations[0].url: "/sub/" must have exactly one capture group, found 0""");
        }

        @Test
        @DisplayName("a url with two capture groups")
        void urlWithTwoGroups() {
            assertValidationFails("error-url-with-two-groups.yml", """
                    hbpushd: %s has 1 error:
                      * line 7, column 5: locations[2].url: "/sub/(.+)/(.+)" must have exactly one capture group, found 2""");
        }

        @Test
        @DisplayName("a location naming an undefined store lists the defined ones")
        void undefinedStore() {
            assertValidationFails("error-undefined-store.yml", """
                    hbpushd: %s has 2 errors:
                      * line 11, column 5: locations[0].store: no store named "redis3" (did you mean "redis1"? defined stores: default, redis1, redis2)
                      * line 14, column 5: locations[1].store: no store named "cache" (defined stores: default, redis1, redis2)""");
        }

        @Test
        @DisplayName("a store type no plugin offers lists the types the loaded plugins offer")
        void unknownStoreType() {
            assertValidationFails("error-unknown-store-type.yml", """
                    hbpushd: %s has 2 errors:
                      * line 5, column 5: store.cache.type: no plugin offers store type "redsi" (did you mean "redis"? the loaded plugins offer: memory, redis)
                      * line 7, column 5: store.archive.type: no plugin offers store type "cassandra" (the loaded plugins offer: memory, redis)""");
        }

        @Test
        @DisplayName("with no plugin loaded, says where plugins go")
        void noPluginLoaded() throws ConfigurationException {
            ServerConfiguration configuration = Fixtures.load("seed-default.yml");

            ConfigurationException error = catchThrowableOfType(ConfigurationException.class,
                    () -> ConfigurationValidator.validate(configuration, Map.of()));

            assertThat(error.getMessage()).isEqualTo(format("""
                    hbpushd: %s has 1 error:
                      * line 3, column 3: store.type: no plugin offers store type "memory": no plugin is loaded; \
                    each store plugin goes in its own sub-directory in the plugins directory \
                    (--plugins-dir, plugins_dir, or plugins/ in the hbpush home)""", fixture("seed-default.yml")));
        }

        @Test
        @DisplayName("with no plugin loaded from a configured plugins_dir, names it")
        void noPluginLoadedFromConfiguredDirectory() throws ConfigurationException {
            ServerConfiguration configuration = Fixtures.load("all-keys.yaml");

            ConfigurationException error = catchThrowableOfType(ConfigurationException.class,
                    () -> ConfigurationValidator.validate(configuration, Map.of()));

            assertThat(error.getMessage()).isEqualTo(format("""
                    hbpushd: %s has 1 error:
                      * line 7, column 5: store.cache.type: no plugin offers store type "redis": no plugin is loaded; \
                    each store plugin goes in its own sub-directory in %s""",
                    fixture("all-keys.yaml"), Fixtures.directory().getParent().resolve("plugins")));
        }

        @Test
        @DisplayName("store option keys the plugin did not declare")
        void undeclaredStoreOption() {
            assertValidationFails("error-undeclared-store-option.yml", """
                    hbpushd: %s has 3 errors:
                      * line 5, column 5: store.redis1.prot: unknown key (did you mean "port"?)
                      * line 6, column 5: store.redis1.password: unknown key (redis stores take: host, port, database, key_prefix)
                      * line 9, column 5: store.default.size: unknown key (memory stores take no options)""");
        }

        @Test
        @DisplayName("listeners that clash, and locations on listeners that do not exist")
        void listenersThatCannotWorkTogether() {
            assertValidationFails("error-listeners-meaning.yml", """
                    hbpushd: %s has 5 errors:
                      * line 4, column 5: listen[1]: 127.0.0.1:8080 overlaps *:8080 of listen[0]: two listeners cannot share a port on the same address
                      * line 7, column 5: listen[2].name: "public" is already the name of listen[0]
                      * line 8, column 5: listen[2].port: must be between 0 and 65535, not 70000
                      * line 16, column 5: locations[1].listener: no listener named "internl" (did you mean "internal"? listeners: public, internal)
                      * line 19, column 24: locations[2].listener[1]: no listener named "admin" (listeners: public, internal)""");
        }

        @Test
        @DisplayName("a port out of range")
        void portOutOfRange() {
            assertValidationFails("error-port-out-of-range.yml", """
                    hbpushd: %s has 1 error:
                      * line 1, column 1: port: must be between 0 and 65535, not 70000""");
        }

        @Test
        @DisplayName("several problems are reported together, in file order")
        void severalAtOnce() {
            assertValidationFails("error-several.yml", """
                    hbpushd: %s has 4 errors:
                      * line 4, column 5: store.redis1.prot: unknown key (did you mean "port"?)
                      * line 14, column 5: locations[2].url: "/sub/(.+)/(.+)" must have exactly one capture group, found 2
                      * line 16, column 5: locations[3]: needs a prefix or a url (where the channel id is in the path)
                      * line 17, column 5: locations[3].store: no store named "redis2" (did you mean "redis1"? defined stores: redis1, default)""");
        }
    }

    @Nested
    @DisplayName("values a plugin rejects when creating the store")
    class RejectedByThePlugin {
        @Test
        @DisplayName("carry the file, the line and the full key path")
        void invalidOptionFromCreate() throws ConfigurationException {
            ValidatedConfiguration validated = Fixtures.loadAndValidate("error-invalid-option-value.yml");
            ConfiguredStore redis1 = validated.stores().get("redis1");

            InvalidStoreOptionException rejected = catchThrowableOfType(InvalidStoreOptionException.class,
                    () -> redis1.provider().create(redis1.options(), new FakeStoreContext("redis1")));
            ConfigurationException error = validated.invalidStoreOption("redis1", rejected);

            assertThat(error.getMessage()).isEqualTo(format("""
                    hbpushd: %s has 1 error:
                      * line 6, column 5: store.redis1.port: must be a whole number, not "abc\"""",
                    fixture("error-invalid-option-value.yml")));
        }

        @Test
        @DisplayName("several stores' rejections are reported together")
        void severalRejections() throws ConfigurationException {
            ValidatedConfiguration validated = Fixtures.loadAndValidate("error-invalid-option-value.yml");
            Map<String, InvalidStoreOptionException> rejections = new LinkedHashMap<>();
            for (ConfiguredStore store : validated.stores().values()) {
                try {
                    store.provider().create(store.options(), new FakeStoreContext(store.name()));
                }
                catch (InvalidStoreOptionException e) {
                    rejections.put(store.name(), e);
                }
            }

            assertThat(validated.invalidStoreOptions(rejections).getMessage()).isEqualTo(format("""
                    hbpushd: %s has 2 errors:
                      * line 6, column 5: store.redis1.port: must be a whole number, not "abc"
                      * line 9, column 5: store.redis2.database: must be a whole number, not "two\"""",
                    fixture("error-invalid-option-value.yml")));
        }

        @Test
        @DisplayName("a rejected default value points at the store's section")
        void rejectedDefault() throws ConfigurationException {
            ValidatedConfiguration validated = Fixtures.loadAndValidate("seed-named-stores.yml");

            ConfigurationException error = validated.invalidStoreOption("mystore",
                    new InvalidStoreOptionException("database", "is not served by this Redis"));

            assertThat(error.getMessage()).isEqualTo(format("""
                    hbpushd: %s has 1 error:
                      * line 3, column 3: store.mystore.database: is not served by this Redis""",
                    fixture("seed-named-stores.yml")));
        }
    }

    private static ConfigurationException loadingFails(Path file, Optional<ConfigurationFormat> format) {
        ConfigurationException error = catchThrowableOfType(ConfigurationException.class,
                () -> new ConfigurationLoader().load(file, format));
        assertThat(error).as("loading %s must fail", file).isNotNull();
        return error;
    }

    private static void assertLoadingFails(String fixture, String expectedMessage) {
        Path file = fixture(fixture);
        assertThat(loadingFails(file, Optional.empty()).getMessage()).isEqualTo(format(expectedMessage, file));
    }

    private static void assertValidationFails(String fixture, String expectedMessage) {
        Path file = fixture(fixture);
        ConfigurationException error = catchThrowableOfType(ConfigurationException.class, () -> Fixtures.loadAndValidate(fixture));
        assertThat(error).as("%s must load and fail validation", fixture).isNotNull();
        assertThat(error.getMessage()).isEqualTo(format(expectedMessage, file));
    }
}
