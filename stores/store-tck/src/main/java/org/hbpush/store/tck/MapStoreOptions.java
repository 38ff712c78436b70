package org.hbpush.store.tck;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * {@link StoreOptions} over a map of option values written as text, the way the server builds
 * them from a store's configuration section: the provider's declared defaults fill absent keys,
 * and a key the provider does not declare is rejected at once.
 *
 * <p>Handy in a store's own unit tests, too:
 *
 * <pre>{@code
 * StoreOptions options = new MapStoreOptions(new AcmeStoreProvider(), Map.of("port", "7001"));
 * options.integer("port");     // 7001
 * options.string("host");      // the declared default
 * }</pre>
 */
public final class MapStoreOptions implements StoreOptions {
    private final String type;
    private final Map<String, StoreOption> declared;
    private final Map<String, String> configured;

    /**
     * @param provider   the provider whose {@link StoreProvider#options()} declare the keys
     * @param configured the configured values as text, keyed as in YAML
     * @throws InvalidStoreOptionException when a key is not declared by the provider
     */
    public MapStoreOptions(StoreProvider provider, Map<String, String> configured) {
        requireNonNull(provider, "provider is null");
        requireNonNull(configured, "configured is null");
        this.type = provider.type();
        this.declared = declaredOptions(provider);
        this.configured = Map.copyOf(configured);
        // Sorted, so that the same bad configuration always names the same key first.
        for (String key : new TreeSet<>(this.configured.keySet())) {
            if (!declared.containsKey(key)) {
                throw new InvalidStoreOptionException(key, format("is not an option of store type %s, which has %s", type, describe(declared.keySet())));
            }
        }
    }

    @Override
    public Set<String> configuredKeys() {
        return configured.keySet();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the store asks for a key its provider does not
     *                                  declare: a bug in the store, since the server would never
     *                                  have configured it
     */
    @Override
    public Optional<String> optionalString(String key) {
        requireNonNull(key, "key is null");
        StoreOption option = declared.get(key);
        if (option == null) {
            throw new IllegalArgumentException(format("store type %s asked for option \"%s\", which its provider's options() does not declare", type, key));
        }
        return Optional.ofNullable(configured.get(key)).or(option::defaultValue);
    }

    @Override
    public String toString() {
        return format("MapStoreOptions[%s, %s]", type, configured);
    }

    private static Map<String, StoreOption> declaredOptions(StoreProvider provider) {
        Map<String, StoreOption> options = new LinkedHashMap<>();
        for (StoreOption option : provider.options()) {
            // The first declaration wins; the contract suite reports duplicates as a failure of their own.
            options.putIfAbsent(option.name(), option);
        }
        return options;
    }

    private static String describe(Set<String> keys) {
        if (keys.isEmpty()) {
            return "no options";
        }
        return "the options " + String.join(", ", new TreeSet<>(keys));
    }
}
