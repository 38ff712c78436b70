package org.hbpush.server.config;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.hbpush.api.StoreProvider;

/** The configuration files under src/test/resources/config/. */
final class Fixtures {
    private Fixtures() {
    }

    /** A fixture by file name. */
    static Path fixture(String name) {
        URL resource = Fixtures.class.getResource("/config/" + name);
        if (resource == null) {
            throw new IllegalArgumentException("no fixture config/" + name);
        }
        try {
            return Path.of(resource.toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The directory of the fixtures. */
    static Path directory() {
        return fixture("seed-default.yml").getParent();
    }

    /** Loads a fixture, choosing the format by extension. */
    static ServerConfiguration load(String name) throws ConfigurationException {
        return new ConfigurationLoader().load(fixture(name), Optional.empty());
    }

    /** Loads and validates a fixture against the fake memory and redis plugins, as Main does. */
    static ValidatedConfiguration loadAndValidate(String name) throws ConfigurationException {
        return ConfigurationValidator.validate(load(name), FakeStoreProvider.memoryAndRedis());
    }

    static ValidatedConfiguration validate(ServerConfiguration configuration, Map<String, StoreProvider> providers)
            throws ConfigurationException {
        return ConfigurationValidator.validate(configuration, providers);
    }
}
