package org.hbpush.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The options of {@code hbpushd}, as typed on its command line.
 *
 * @param configFile      {@code --config FILE}: the YAML or JSON configuration; empty runs the built-in defaults
 * @param format          {@code --format yaml|json}: overrides the format the file's extension implies
 * @param port            {@code --port N}: overrides the configured port (with {@code listen:}, the first listener's)
 * @param pluginsDirectory {@code --plugins-dir DIR}: overrides {@code plugins_dir} and {@code <home>/plugins}
 * @param check           {@code --check}: validate the configuration and plugins, then exit
 * @param listPlugins     {@code --list-plugins}: print each plugin directory, its types and version, then exit
 * @param version         {@code --version}: print the version and exit
 * @param help            {@code --help}: print the usage and exit
 */
public record CommandLine(
        Optional<Path> configFile,
        Optional<String> format,
        Optional<Integer> port,
        Optional<Path> pluginsDirectory,
        boolean check,
        boolean listPlugins,
        boolean version,
        boolean help) {
    public static final String USAGE = """
            usage: hbpushd [--config FILE] [--format yaml|json] [--port N] [--plugins-dir DIR]
                           [--check] [--list-plugins] [--version] [--help]

              --config FILE      configuration file, YAML or JSON (default: built-in defaults)
              --format yaml|json read the configuration in this format, whatever its extension
              --port N           listen on port N instead of the configured one (the first listener's)
              --plugins-dir DIR  load store plugins from DIR instead of plugins_dir or HOME/plugins
              --check            check the configuration and the plugins, then exit
              --list-plugins     list the plugins (directory, store types, version), then exit
              --version          print the version and exit
              --help             print this help and exit
            """;

    public CommandLine {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(format, "format is null");
        requireNonNull(port, "port is null");
        requireNonNull(pluginsDirectory, "pluginsDirectory is null");
    }

    /**
     * Parses the arguments; accepts {@code --option value} and {@code --option=value}.
     *
     * @throws UsageException with a one-line reason when the arguments are wrong
     */
    public static CommandLine parse(List<String> arguments) throws UsageException {
        Optional<Path> configFile = Optional.empty();
        Optional<String> format = Optional.empty();
        Optional<Integer> port = Optional.empty();
        Optional<Path> pluginsDirectory = Optional.empty();
        boolean check = false;
        boolean listPlugins = false;
        boolean version = false;
        boolean help = false;
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            String name = argument;
            Optional<String> inlineValue = Optional.empty();
            int equals = argument.indexOf('=');
            if (argument.startsWith("--") && equals > 0) {
                name = argument.substring(0, equals);
                inlineValue = Optional.of(argument.substring(equals + 1));
            }
            switch (name) {
                case "--config" -> {
                    String value = valueOf(name, inlineValue, arguments, index);
                    index += inlineValue.isPresent() ? 0 : 1;
                    configFile = Optional.of(Path.of(value));
                }
                case "--format" -> {
                    String value = valueOf(name, inlineValue, arguments, index);
                    index += inlineValue.isPresent() ? 0 : 1;
                    if (!value.equals("yaml") && !value.equals("json")) {
                        throw new UsageException("--format must be yaml or json, not \"" + value + "\"");
                    }
                    format = Optional.of(value);
                }
                case "--port" -> {
                    String value = valueOf(name, inlineValue, arguments, index);
                    index += inlineValue.isPresent() ? 0 : 1;
                    port = Optional.of(parsePort(value));
                }
                case "--plugins-dir" -> {
                    String value = valueOf(name, inlineValue, arguments, index);
                    index += inlineValue.isPresent() ? 0 : 1;
                    pluginsDirectory = Optional.of(Path.of(value));
                }
                case "--check" -> check = true;
                case "--list-plugins" -> listPlugins = true;
                case "--version" -> version = true;
                case "--help", "-h" -> help = true;
                default -> throw new UsageException("unknown option \"" + argument + "\"");
            }
        }
        return new CommandLine(configFile, format, port, pluginsDirectory, check, listPlugins, version, help);
    }

    private static String valueOf(String name, Optional<String> inlineValue, List<String> arguments, int index)
            throws UsageException {
        if (inlineValue.isPresent()) {
            return inlineValue.get();
        }
        if (index + 1 >= arguments.size() || arguments.get(index + 1).startsWith("--")) {
            throw new UsageException(name + " needs a value");
        }
        return arguments.get(index + 1);
    }

    private static int parsePort(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--port must be a number from 0 to 65535, not \"" + value + "\"");
    }

    /** The command line cannot be understood. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }
}
