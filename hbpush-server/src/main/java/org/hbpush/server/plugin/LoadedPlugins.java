package org.hbpush.server.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hbpush.api.StoreProvider;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Every plugin that {@link PluginLoader} loaded, and the store types they offer; each type is
 * offered by exactly one plugin.
 *
 * <pre>{@code
 * LoadedPlugins plugins = new PluginLoader().load(Path.of("/opt/hbpush/plugins"));
 * StoreProvider redis = plugins.providersByType().get("redis");
 * Set<String> known = plugins.providersByType().keySet();   // for "unknown store type" messages
 * }</pre>
 */
public final class LoadedPlugins {
    private final List<LoadedPlugin> plugins;
    private final Map<String, StoreProvider> providersByType;
    private final Map<String, LoadedPlugin> pluginsByType;

    /**
     * @throws IllegalArgumentException when two providers offer the same type
     */
    public LoadedPlugins(List<LoadedPlugin> plugins) {
        this.plugins = List.copyOf(requireNonNull(plugins, "plugins is null"));
        Map<String, StoreProvider> providers = new LinkedHashMap<>();
        Map<String, LoadedPlugin> owners = new LinkedHashMap<>();
        for (LoadedPlugin plugin : this.plugins) {
            for (StoreProvider provider : plugin.providers()) {
                String type = provider.type();
                LoadedPlugin owner = owners.putIfAbsent(type, plugin);
                if (owner != null) {
                    throw new IllegalArgumentException(format("store type %s is offered by %s and by %s", type, owner.directory(), plugin.directory()));
                }
                providers.put(type, provider);
            }
        }
        // Insertion order is the plugins' sorted order, so listings and messages are stable.
        this.providersByType = Collections.unmodifiableMap(providers);
        this.pluginsByType = Collections.unmodifiableMap(owners);
    }

    /** The plugins, in the sorted order of their directories. */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** The provider of each store type, in the order of the plugins; unmodifiable. */
    public Map<String, StoreProvider> providersByType() {
        return providersByType;
    }

    /** The plugin offering this store type, if any. */
    public Optional<LoadedPlugin> pluginOfType(String type) {
        requireNonNull(type, "type is null");
        return Optional.ofNullable(pluginsByType.get(type));
    }

    @Override
    public String toString() {
        return "LoadedPlugins" + providersByType.keySet();
    }
}
