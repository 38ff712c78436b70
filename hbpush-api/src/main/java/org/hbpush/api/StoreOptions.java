package org.hbpush.api;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A store's configuration section, as typed values. Declared defaults apply to absent keys.
 *
 * <p>A value that does not fit the type asked for raises {@link InvalidStoreOptionException}
 * naming the key; the server adds the file, line and full key path before reporting it.
 *
 * <pre>{@code
 * String host = options.string("host");              // "localhost" unless configured
 * int port = options.integer("port");                // 6379 unless configured
 * Optional<String> password = options.optionalString("password");
 * }</pre>
 */
public interface StoreOptions {
    /** The keys present in the configuration section (besides {@code type}). */
    Set<String> configuredKeys();

    /** The value as text, or empty when neither configured nor defaulted. */
    Optional<String> optionalString(String key);

    /** The value as text; raises when neither configured nor defaulted. */
    default String string(String key) {
        return optionalString(key).orElseThrow(() -> new InvalidStoreOptionException(key, "is required"));
    }

    /** The value as a whole number. */
    default int integer(String key) {
        String text = string(key);
        try {
            return Integer.parseInt(text.trim());
        }
        catch (NumberFormatException e) {
            throw new InvalidStoreOptionException(key, "must be a whole number, not \"" + text + "\"");
        }
    }

    /** The value as true or false. */
    default boolean bool(String key) {
        String text = string(key).trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidStoreOptionException(key, "must be true or false, not \"" + text + "\"");
    }

    /**
     * The value as a duration: a number of seconds ({@code 2.5}), or a number with a unit
     * {@code ms}, {@code s}, {@code m} or {@code h} ({@code 500ms}, {@code 30s}).
     */
    default Duration duration(String key) {
        String text = string(key).trim();
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            }
            long scale = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
                case 'h' -> 3_600_000;
                case 'm' -> 60_000;
                case 's' -> 1_000;
                default -> 0;
            };
            String number = scale == 0 ? text : text.substring(0, text.length() - 1).trim();
            double value = Double.parseDouble(number);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException(number);
            }
            return Duration.ofMillis(Math.round(value * (scale == 0 ? 1_000 : scale)));
        }
        catch (NumberFormatException e) {
            throw new InvalidStoreOptionException(key, "must be a duration such as 30s, 500ms or 2.5, not \"" + text + "\"");
        }
    }
}
