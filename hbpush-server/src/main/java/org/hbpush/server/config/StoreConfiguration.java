package org.hbpush.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One store section of the configuration, as written: its type and its options as text.
 *
 * <pre>
 * store:              # one store: named "default", key path "store"
 *   type: redis
 *   key_prefix: hbpush_
 *
 * store:              # named stores: key path "store.redis1", ...
 *   redis1:
 *     type: redis     # the store type: the plugin that provides the store (memory, redis, postgresql, ...)
 *     port: 6380      # any other key is an option of that store type, kept as text ("6380")
 * </pre>
 *
 * <p>Which option keys are allowed, and their defaults, is up to the store's plugin
 * ({@link org.hbpush.api.StoreProvider#options()}); {@link ConfigurationValidator} checks them.
 * Numbers and {@code true}/{@code false} are kept as text; an empty value ({@code key_prefix:}) is {@code ""}.
 *
 * @param name    the store's name, used by locations' {@code store:} ({@code default} for a single store)
 * @param type    the store type
 * @param options the other keys of the section and their values as text, in file order
 * @param keyPath where the section is in the file: {@code store} or {@code store.redis1}
 */
public record StoreConfiguration(String name, String type, Map<String, String> options, String keyPath) {
    /** The name of the store used by locations that name none, and given to a single unnamed store. */
    public static final String DEFAULT_NAME = "default";

    public StoreConfiguration {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(options, "options is null");
        requireNonNull(keyPath, "keyPath is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("store name is empty");
        }
        if (keyPath.isEmpty()) {
            throw new IllegalArgumentException("keyPath is empty");
        }
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The key path of one option, for messages: {@code store.redis1.port}. */
    public String optionKeyPath(String key) {
        requireNonNull(key, "key is null");
        return keyPath + "." + key;
    }
}
