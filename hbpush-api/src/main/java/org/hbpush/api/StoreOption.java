package org.hbpush.api;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One key a store accepts in its configuration section, declared by {@link StoreProvider#options()}.
 *
 * <pre>{@code
 * StoreOption.of("port", "6379", "the Redis server's port")
 * StoreOption.required("password", "the password to log in with")
 * }</pre>
 *
 * @param name         the key, snake_case as written in YAML ({@code key_prefix})
 * @param defaultValue the value used when the key is absent, as text; empty when there is none
 * @param description  one line for documentation and error messages
 */
public record StoreOption(String name, Optional<String> defaultValue, String description) {
    public StoreOption {
        requireNonNull(name, "name is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(description, "description is null");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("option name must be snake_case: " + name);
        }
        if (name.equals("type")) {
            throw new IllegalArgumentException("'type' names the store type and cannot be an option");
        }
    }

    /** An option with a default value. */
    public static StoreOption of(String name, String defaultValue, String description) {
        return new StoreOption(name, Optional.of(defaultValue), description);
    }

    /** An option without a default: absent unless configured. */
    public static StoreOption optional(String name, String description) {
        return new StoreOption(name, Optional.empty(), description);
    }
}
