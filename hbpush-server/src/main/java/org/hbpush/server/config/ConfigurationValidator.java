package org.hbpush.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreProvider;

import static java.util.Objects.requireNonNull;

/**
 * Checks a configuration against the loaded store plugins and reports every problem at once:
 * the port is 0..65535 (0 picks a free one); the listeners are usable together (see {@link ListenerChecks}); each location has a prefix or a url, its url has exactly one capture group
 * and its store is defined; each store's type is offered by a plugin and its keys are options that
 * plugin declares.
 *
 * <pre>{@code
 * ValidatedConfiguration validated = ConfigurationValidator.validate(configuration, providersByType);
 * for (ConfiguredStore store : validated.stores().values()) { ... store.provider().create(store.options(), context) ... }
 * }</pre>
 */
public final class ConfigurationValidator {
    private static final int MIN_PORT = 0; // 0: any free port, logged at startup
    private static final int MAX_PORT = 65_535;

    private ConfigurationValidator() {
    }

    /**
     * @param providersByType the providers of the loaded plugins, by {@link StoreProvider#type()}
     * @throws ConfigurationException listing every problem, with file positions where known
     */
    public static ValidatedConfiguration validate(ServerConfiguration configuration, Map<String, StoreProvider> providersByType)
            throws ConfigurationException {
        requireNonNull(configuration, "configuration is null");
        requireNonNull(providersByType, "providersByType is null");
        ConfigurationProblems problems = new ConfigurationProblems(configuration.positions());

        if (configuration.port() < MIN_PORT || configuration.port() > MAX_PORT) {
            problems.add(ConfigurationBinder.PORT, "must be between " + MIN_PORT + " and " + MAX_PORT + ", not " + configuration.port());
        }
        if (configuration.locations().isEmpty()) {
            problems.add(ConfigurationBinder.LOCATIONS, "lists no location: the server would answer nothing");
        }
        LocationChecks locationChecks = new LocationChecks(problems);
        for (LocationConfiguration location : configuration.locations()) {
            locationChecks.check(location, Optional.of(configuration.stores().keySet()));
        }
        new ListenerChecks(problems).check(configuration);
        Map<String, ConfiguredStore> stores = new LinkedHashMap<>();
        for (StoreConfiguration store : configuration.stores().values()) {
            configure(store, configuration, providersByType, problems).ifPresent(configured -> stores.put(store.name(), configured));
        }
        problems.throwIfAny(configuration.source());
        return new ValidatedConfiguration(configuration, stores);
    }

    private static Optional<ConfiguredStore> configure(
            StoreConfiguration store,
            ServerConfiguration configuration,
            Map<String, StoreProvider> providersByType,
            ConfigurationProblems problems) {
        StoreProvider provider = providersByType.get(store.type());
        if (provider == null) {
            problems.add(store.optionKeyPath("type"), unknownType(store.type(), configuration, providersByType));
            return Optional.empty();
        }
        List<StoreOption> declared = provider.options();
        List<String> declaredNames = new ArrayList<>();
        for (StoreOption option : declared) {
            declaredNames.add(option.name());
        }
        int before = problems.count();
        for (String key : store.options().keySet()) {
            if (!declaredNames.contains(key)) {
                problems.add(store.optionKeyPath(key), unknownOption(key, store.type(), declaredNames));
            }
        }
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ConfiguredStore(store.name(), provider, new ConfiguredStoreOptions(store.options(), declared)));
    }

    private static String unknownType(String type, ServerConfiguration configuration, Map<String, StoreProvider> providersByType) {
        String unknown = "no plugin offers store type " + Wording.quote(type);
        if (providersByType.isEmpty()) {
            String where = configuration.pluginsDirectory()
                    .map(directory -> "in " + directory)
                    .orElse("in the plugins directory (--plugins-dir, plugins_dir, or plugins/ in the hbpush home)");
            return unknown + ": no plugin is loaded; each store plugin goes in its own sub-directory " + where;
        }
        TreeSet<String> offered = new TreeSet<>(providersByType.keySet());
        String suggestion = Suggestions.closest(type, offered).map(name -> "did you mean " + Wording.quote(name) + "? ").orElse("");
        return unknown + " (" + suggestion + "the loaded plugins offer: " + Wording.list(offered) + ")";
    }

    private static String unknownOption(String key, String type, List<String> declaredNames) {
        if (declaredNames.isEmpty()) {
            return "unknown key (" + type + " stores take no options)";
        }
        return Suggestions.closest(key, declaredNames)
                .map(close -> "unknown key (did you mean " + Wording.quote(close) + "?)")
                .orElse("unknown key (" + type + " stores take: " + Wording.list(declaredNames) + ")");
    }
}
