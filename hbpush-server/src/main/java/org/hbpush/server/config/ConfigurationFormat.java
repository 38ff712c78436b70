package org.hbpush.server.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The syntax of a configuration file. Chosen from the file name ({@code .yml}, {@code .yaml},
 * {@code .json}; anything else is read as YAML) unless {@code --format yaml|json} forces one.
 *
 * <pre>{@code
 * ConfigurationFormat format = formatOption.map(name -> ConfigurationFormat.named(name).orElseThrow(...))
 *         .orElseGet(() -> ConfigurationFormat.ofFile(file));
 * }</pre>
 */
public enum ConfigurationFormat {
    YAML,
    JSON;

    /** The format a file name implies: JSON for {@code .json}, YAML otherwise (case does not matter). */
    public static ConfigurationFormat ofFile(Path file) {
        requireNonNull(file, "file is null");
        Path fileName = file.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") ? JSON : YAML;
    }

    /** The format named on the command line: {@code yaml} (or {@code yml}) or {@code json}, in any case; empty for anything else. */
    public static Optional<ConfigurationFormat> named(String name) {
        requireNonNull(name, "name is null");
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "yaml", "yml" -> Optional.of(YAML);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
