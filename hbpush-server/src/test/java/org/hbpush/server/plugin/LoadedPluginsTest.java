package org.hbpush.server.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadedPluginsTest {
    private final ClassLoader loader = new URLClassLoader("plugin", new URL[0], null);

    @Test
    void providersByTypeKeepThePluginsOrder() {
        LoadedPlugin redis = plugin("redis", "redis", "redis-cluster");
        LoadedPlugin memory = plugin("memory", "memory");

        LoadedPlugins plugins = new LoadedPlugins(List.of(redis, memory));

        assertThat(plugins.plugins()).containsExactly(redis, memory);
        assertThat(plugins.providersByType().keySet()).containsExactly("redis", "redis-cluster", "memory");
        assertThat(plugins.providersByType().get("memory")).isSameAs(memory.providers().get(0));
        assertThat(plugins.pluginOfType("redis-cluster")).containsSame(redis);
        assertThat(plugins.pluginOfType("postgresql")).isEmpty();
        assertThatThrownBy(() -> plugins.providersByType().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aTypeBelongsToOnePlugin() {
        LoadedPlugin redis = plugin("redis", "redis");
        LoadedPlugin redisCopy = plugin("redis-copy", "redis");

        assertThatThrownBy(() -> new LoadedPlugins(List.of(redis, redisCopy)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store type redis is offered by " + Path.of("plugins", "redis") + " and by " + Path.of("plugins", "redis-copy"));
    }

    private LoadedPlugin plugin(String directory, String... types) {
        List<StoreProvider> providers = List.of(types).stream().map(NamedStoreProvider::new).map(StoreProvider.class::cast).toList();
        return new LoadedPlugin(Path.of("plugins", directory), "hbpush-store-" + directory, Optional.of("1.0"), loader, providers);
    }

    private static final class NamedStoreProvider implements StoreProvider {
        private final String type;

        NamedStoreProvider(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public List<StoreOption> options() {
            return List.of();
        }

        @Override
        public Store create(StoreOptions options, StoreContext context) {
            throw new UnsupportedOperationException();
        }
    }
}
