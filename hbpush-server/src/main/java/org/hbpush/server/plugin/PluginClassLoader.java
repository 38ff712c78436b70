package org.hbpush.server.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The class loader of one plugin: the plugin's jars, the JDK, and from the server only the store
 * SPI ({@code org.hbpush.api}) and the logging API ({@code org.slf4j}).
 *
 * <p>The SPI and slf4j must be the server's very classes, or a provider would implement an
 * interface the server does not know and log into a void. Everything else the server carries
 * (Jetty, Jackson, logback, its own classes) stays invisible, so a plugin may bundle any library
 * at any version. Resources follow the same rule: {@code META-INF/services} files in particular
 * come only from the plugin's jars, so a plugin never sees the server's or another plugin's providers.
 *
 * <pre>{@code
 * PluginClassLoader loader = new PluginClassLoader(directory, jarUrls, StoreProvider.class.getClassLoader());
 * ServiceLoader<StoreProvider> providers = ServiceLoader.load(StoreProvider.class, loader);
 * }</pre>
 */
public final class PluginClassLoader extends URLClassLoader {
    private static final List<String> SERVER_PACKAGES = List.of("org.hbpush.api.", "org.slf4j.");
    private static final List<String> SERVER_RESOURCE_FOLDERS = List.of("org/hbpush/api/", "org/slf4j/");

    static {
        registerAsParallelCapable();
    }

    private final Path pluginDirectory;
    private final ClassLoader serverClassLoader;

    /**
     * @param pluginDirectory   the plugin's directory, for messages and {@link #toString()}
     * @param jars              the plugin's class path, in the order classes are looked up
     * @param serverClassLoader the loader that loaded {@code org.hbpush.api} in the server
     */
    public PluginClassLoader(Path pluginDirectory, List<URL> jars, ClassLoader serverClassLoader) {
        // The name shows in stack traces ("redis//com.acme.RedisStore.post"), telling plugins apart.
        super(nameOf(pluginDirectory), List.copyOf(requireNonNull(jars, "jars is null")).toArray(new URL[0]), getPlatformClassLoader());
        this.pluginDirectory = pluginDirectory;
        this.serverClassLoader = requireNonNull(serverClassLoader, "serverClassLoader is null");
    }

    private static String nameOf(Path pluginDirectory) {
        requireNonNull(pluginDirectory, "pluginDirectory is null");
        Path fileName = pluginDirectory.getFileName();
        return fileName == null ? pluginDirectory.toString() : fileName.toString();
    }

    /** The plugin's directory. */
    public Path pluginDirectory() {
        return pluginDirectory;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isServerClass(name)) {
            return serverClassLoader.loadClass(name);
        }
        // The parent is the platform loader, so JDK classes come first: a plugin cannot shadow
        // java.* or javax.xml with its own copy, which would break the JDK's own implementations.
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        if (isServerResource(name)) {
            return serverClassLoader.getResource(name);
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isServerResource(name)) {
            return serverClassLoader.getResources(name);
        }
        return super.getResources(name);
    }

    private static boolean isServerClass(String name) {
        return SERVER_PACKAGES.stream().anyMatch(name::startsWith);
    }

    private static boolean isServerResource(String name) {
        return SERVER_RESOURCE_FOLDERS.stream().anyMatch(name::startsWith);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + pluginDirectory + "]";
    }
}
