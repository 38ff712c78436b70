package org.hbpush.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;

import static java.util.Objects.requireNonNull;

/**
 * A store section's values as the plugin sees them: what the file says, else the default the
 * provider declared ({@link StoreOption#defaultValue()}).
 *
 * <pre>{@code
 * // store: {type: redis, port: 6380}, redis declaring host=localhost, port=6379
 * options.string("host")      // "localhost"
 * options.integer("port")     // 6380
 * }</pre>
 */
public final class ConfiguredStoreOptions implements StoreOptions {
    private final Map<String, String> configured;
    private final Map<String, String> defaults;

    /**
     * @param configured the section's keys and values as text (without {@code type})
     * @param declared   the options the provider declares
     */
    public ConfiguredStoreOptions(Map<String, String> configured, List<StoreOption> declared) {
        requireNonNull(configured, "configured is null");
        requireNonNull(declared, "declared is null");
        this.configured = Collections.unmodifiableMap(new LinkedHashMap<>(configured));
        Map<String, String> defaults = new LinkedHashMap<>();
        for (StoreOption option : declared) {
            option.defaultValue().ifPresent(value -> defaults.put(option.name(), value));
        }
        this.defaults = Collections.unmodifiableMap(defaults);
    }

    @Override
    public Set<String> configuredKeys() {
        return configured.keySet();
    }

    @Override
    public Optional<String> optionalString(String key) {
        requireNonNull(key, "key is null");
        String value = configured.get(key);
        return Optional.ofNullable(value != null ? value : defaults.get(key));
    }

    /** The configured keys only: values may be passwords and this ends up in logs. */
    @Override
    public String toString() {
        return "StoreOptions" + configured.keySet();
    }
}
