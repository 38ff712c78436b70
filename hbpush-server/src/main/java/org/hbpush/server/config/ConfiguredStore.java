package org.hbpush.server.config;

import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;

import static java.util.Objects.requireNonNull;

/**
 * A store ready to be created: its name, the plugin that provides its type, and its checked options.
 *
 * <pre>{@code
 * Store store = configured.provider().create(configured.options(), context);  // with the plugin's context class loader
 * }</pre>
 *
 * @param name     the store's name in the configuration ({@code default}, {@code redis1})
 * @param provider the plugin's provider for the store's type
 * @param options  the section's values over the provider's defaults
 */
public record ConfiguredStore(String name, StoreProvider provider, StoreOptions options) {
    public ConfiguredStore {
        requireNonNull(name, "name is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(options, "options is null");
    }
}
