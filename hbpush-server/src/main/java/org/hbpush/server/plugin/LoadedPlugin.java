package org.hbpush.server.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.hbpush.api.StoreProvider;

import static java.util.Objects.requireNonNull;

/**
 * One plugin directory that loaded: where it is, what it is, and the store providers it offers.
 *
 * <p>The providers run every call with the plugin's class loader as the thread context class
 * loader, and so do the stores they make; the server can call them like any other object.
 *
 * <pre>{@code
 * for (LoadedPlugin plugin : plugins.plugins()) {
 *     System.out.println(plugin.name() + ": " + plugin.artifact() + " " + plugin.version().orElse("") + " " + plugin.types());
 * }
 * }</pre>
 *
 * @param directory   the plugin's directory
 * @param artifact    the Implementation-Title of the jar holding the (first) provider, else that jar's name
 * @param version     that jar's Implementation-Version, else the version in its file name, if any
 * @param classLoader the plugin's class loader
 * @param providers   the plugin's providers, in the order its services files name them
 */
public record LoadedPlugin(Path directory, String artifact, Optional<String> version, ClassLoader classLoader, List<StoreProvider> providers) {
    public LoadedPlugin {
        requireNonNull(directory, "directory is null");
        requireNonNull(artifact, "artifact is null");
        requireNonNull(version, "version is null");
        requireNonNull(classLoader, "classLoader is null");
        providers = List.copyOf(requireNonNull(providers, "providers is null"));
    }

    /** The directory's own name, as used in log lines and errors ({@code redis}). */
    public String name() {
        Path fileName = directory.getFileName();
        return fileName == null ? directory.toString() : fileName.toString();
    }

    /** The store types the plugin offers, in the order of {@link #providers()}. */
    public List<String> types() {
        return providers.stream().map(StoreProvider::type).toList();
    }
}
