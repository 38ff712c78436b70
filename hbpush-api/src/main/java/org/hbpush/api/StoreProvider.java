package org.hbpush.api;

import java.util.List;

/**
 * The entry point of a store plugin, found with {@link java.util.ServiceLoader}.
 *
 * <p>A plugin jar names its provider class in
 * {@code META-INF/services/org.hbpush.api.StoreProvider}. The class needs a public no-argument
 * constructor. The provider is only a name and a factory: it opens no connection until
 * {@link #create} is called.
 *
 * <pre>{@code
 * public final class AcmeStoreProvider implements StoreProvider {
 *     public String type() { return "acme"; }
 *     public List<StoreOption> options() {
 *         return List.of(StoreOption.of("host", "localhost", "the Acme server's host name"));
 *     }
 *     public Store create(StoreOptions options, StoreContext context) {
 *         return new AcmeStore(options.string("host"), context);
 *     }
 * }
 * }</pre>
 *
 * and in the server's YAML: {@code store: {type: acme, host: acme.internal}}.
 */
public interface StoreProvider {
    /**
     * The store type, as written after {@code type:} in the configuration: lowercase letters,
     * digits and hyphens ({@code memory}, {@code redis}, {@code acme-dynamo}). It names the
     * plugin everywhere: the configuration, the plugin directory, log lines and errors.
     */
    String type();

    /**
     * The option keys this store accepts, with their defaults. The server rejects every other key
     * in the store's section before calling {@link #create}.
     */
    List<StoreOption> options();

    /**
     * Makes a store. Called once per configured store of this type, with that store's options.
     * It may check the options and throw {@link InvalidStoreOptionException}; it should not wait
     * for the backend: a backend that is down is reported by the store's calls, and the server
     * starts anyway.
     */
    Store create(StoreOptions options, StoreContext context);
}
