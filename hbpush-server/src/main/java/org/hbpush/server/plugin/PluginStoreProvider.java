package org.hbpush.server.plugin;

import java.util.List;

import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A plugin's provider as the server sees it: every call runs with the plugin's class loader as the
 * thread context class loader, and the stores it makes are wrapped the same way.
 *
 * <p>The type was read and checked when the plugin was loaded; it is kept so that the provider's
 * identity cannot change afterwards.
 */
// The ThreadContextClassLoader resources are used for their scope, never referenced: javac's "try" lint does not apply.
@SuppressWarnings("try")
final class PluginStoreProvider implements StoreProvider {
    private final StoreProvider delegate;
    private final String type;
    private final ClassLoader pluginClassLoader;

    PluginStoreProvider(StoreProvider delegate, String type, ClassLoader pluginClassLoader) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.type = requireNonNull(type, "type is null");
        this.pluginClassLoader = requireNonNull(pluginClassLoader, "pluginClassLoader is null");
    }

    /** The plugin's own provider class, whose jar names the plugin's artifact. */
    Class<?> delegateClass() {
        return delegate.getClass();
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public List<StoreOption> options() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            List<StoreOption> options = delegate.options();
            if (options == null) {
                throw new IllegalStateException(format("store provider %s (type %s) returned no options", delegate.getClass().getName(), type));
            }
            return List.copyOf(options);
        }
    }

    @Override
    public Store create(StoreOptions options, StoreContext context) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            Store store = delegate.create(options, context);
            if (store == null) {
                throw new IllegalStateException(format("store provider %s (type %s) returned no store", delegate.getClass().getName(), type));
            }
            return new PluginStore(store, pluginClassLoader);
        }
    }

    @Override
    public String toString() {
        return format("%s (type %s, %s)", delegate.getClass().getName(), type, pluginClassLoader);
    }
}
