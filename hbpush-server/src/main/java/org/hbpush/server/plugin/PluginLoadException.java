package org.hbpush.server.plugin;

import java.nio.file.Path;
import java.util.List;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The plugins could not all be loaded. The message is the paragraph to show the operator, one
 * bullet per broken plugin directory, and no stack trace is needed:
 *
 * <pre>
 * hbpushd: 2 plugins could not be loaded from /opt/hbpush/plugins:
 *   * acme: no jar names a store provider in META-INF/services/org.hbpush.api.StoreProvider
 *   * redis2: store type "redis" is already offered by plugin redis
 * </pre>
 *
 * <pre>{@code
 * catch (PluginLoadException e) {
 *     System.err.println(e.getMessage());
 *     System.exit(EXIT_PLUGIN_ERROR);
 * }
 * }</pre>
 */
public final class PluginLoadException extends Exception {
    private final Path pluginsDirectory;
    private final List<String> problems;

    private PluginLoadException(String message, Path pluginsDirectory, List<String> problems) {
        super(message);
        this.pluginsDirectory = pluginsDirectory;
        this.problems = problems;
    }

    /**
     * Some plugins are broken.
     *
     * @param problems one line per broken plugin: its directory name, a colon, and the cause
     */
    public static PluginLoadException brokenPlugins(Path pluginsDirectory, List<String> problems) {
        requireNonNull(pluginsDirectory, "pluginsDirectory is null");
        List<String> copy = List.copyOf(requireNonNull(problems, "problems is null"));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("there must be at least one problem");
        }
        StringBuilder message = new StringBuilder(format("hbpushd: %s could not be loaded from %s:",
                copy.size() == 1 ? "1 plugin" : copy.size() + " plugins", pluginsDirectory));
        for (String problem : copy) {
            message.append("\n  * ").append(problem);
        }
        return new PluginLoadException(message.toString(), pluginsDirectory, copy);
    }

    /**
     * The plugins directory itself cannot be used.
     *
     * @param problem what is wrong with it, as the end of a sentence ("does not exist")
     */
    public static PluginLoadException unusableDirectory(Path pluginsDirectory, String problem) {
        requireNonNull(pluginsDirectory, "pluginsDirectory is null");
        requireNonNull(problem, "problem is null");
        String sentence = format("plugins directory %s %s", pluginsDirectory, problem);
        return new PluginLoadException("hbpushd: " + sentence, pluginsDirectory, List.of(sentence));
    }

    /** The plugins directory that was loaded from. */
    public Path pluginsDirectory() {
        return pluginsDirectory;
    }

    /** Every problem found, one line each, as in the message. */
    public List<String> problems() {
        return problems;
    }
}
