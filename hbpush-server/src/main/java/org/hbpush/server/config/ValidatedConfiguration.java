package org.hbpush.server.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hbpush.api.InvalidStoreOptionException;

import static java.util.Objects.requireNonNull;

/**
 * A configuration checked against the loaded plugins: every location is usable and every store
 * has a provider and only options it declares.
 *
 * <p>A provider may still reject an option's value in {@code create}; turn that into the same
 * kind of message, with the file, line and full key path:
 *
 * <pre>{@code
 * try {
 *     store = configured.provider().create(configured.options(), context);
 * }
 * catch (InvalidStoreOptionException e) {
 *     throw validated.invalidStoreOption(configured.name(), e);
 *     // hbpushd: conf/hbpushd.yml has 1 error:
 *     //   * line 7, column 5: store.redis1.port: must be a whole number, not "abc"
 * }
 * }</pre>
 *
 * @param configuration the configuration
 * @param stores        the stores by name, in file order
 */
public record ValidatedConfiguration(ServerConfiguration configuration, Map<String, ConfiguredStore> stores) {
    public ValidatedConfiguration {
        requireNonNull(configuration, "configuration is null");
        requireNonNull(stores, "stores is null");
        stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
    }

    /** One store's rejected option as a configuration error naming the file, line and {@code store.<name>.<key>}. */
    public ConfigurationException invalidStoreOption(String storeName, InvalidStoreOptionException exception) {
        requireNonNull(storeName, "storeName is null");
        requireNonNull(exception, "exception is null");
        Map<String, InvalidStoreOptionException> single = new LinkedHashMap<>();
        single.put(storeName, exception);
        return invalidStoreOptions(single);
    }

    /** Several stores' rejected options (one per store name) as one configuration error listing them all. */
    public ConfigurationException invalidStoreOptions(Map<String, InvalidStoreOptionException> exceptionsByStore) {
        requireNonNull(exceptionsByStore, "exceptionsByStore is null");
        if (exceptionsByStore.isEmpty()) {
            throw new IllegalArgumentException("no rejected option to report");
        }
        List<ConfigurationProblem> problems = new ArrayList<>();
        exceptionsByStore.forEach((storeName, exception) -> {
            StoreConfiguration store = configuration.stores().get(storeName);
            if (store == null) {
                throw new IllegalArgumentException("no store named " + storeName + " in " + configuration.source());
            }
            problems.add(ConfigurationProblem.at(configuration.positions(), store.optionKeyPath(exception.key()), exception.problem()));
        });
        return new ConfigurationException(configuration.source(), problems);
    }
}
