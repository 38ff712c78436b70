package org.hbpush.server.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hbpush.api.StoreProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Loads the store plugins: each sub-directory of the plugins directory, in sorted order, is one
 * plugin whose jars, sorted, form the class path of its own {@link PluginClassLoader}, and whose
 * {@code META-INF/services/org.hbpush.api.StoreProvider} names its providers.
 *
 * <p>A broken plugin does not stop the search: every plugin is checked and every problem reported
 * in one {@link PluginLoadException}, so the operator fixes them all in one go. Files lying
 * directly in the plugins directory are ignored.
 *
 * <pre>{@code
 * LoadedPlugins plugins = new PluginLoader().load(home.resolve("plugins"));
 * Store store = plugins.providersByType().get("memory").create(options, context);
 * }</pre>
 */
public final class PluginLoader {
    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

    private static final Pattern STORE_TYPE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String SERVICES_FILE = "META-INF/services/" + StoreProvider.class.getName();

    private final ClassLoader serverClassLoader = StoreProvider.class.getClassLoader();

    /**
     * Loads every plugin under {@code pluginsDirectory}.
     *
     * @throws PluginLoadException when the directory cannot be read or any plugin is broken: it
     *                             has no jar, no provider, a provider that fails to load or to
     *                             say its type, an invalid type, or a type another plugin offers
     */
    public LoadedPlugins load(Path pluginsDirectory) throws PluginLoadException {
        PluginSurvey survey = survey(pluginsDirectory);
        if (!survey.problems().isEmpty()) {
            // Nothing is handed out, so no plugin class can be in use: release the jars.
            survey.loaded().forEach(plugin -> close(plugin.classLoader()));
            throw PluginLoadException.brokenPlugins(pluginsDirectory, survey.problems());
        }
        if (survey.loaded().isEmpty()) {
            log.warn("No plugins in {}: no store type is available", pluginsDirectory);
        }
        for (LoadedPlugin plugin : survey.loaded()) {
            log.info("Loaded plugin {}: {} {}, store types {}",
                    plugin.directory(), plugin.artifact(), plugin.version().orElse("(version unknown)"), String.join(", ", plugin.types()));
        }
        return new LoadedPlugins(survey.loaded());
    }

    /**
     * Loads every plugin it can and lists the problems of the others, without failing: what
     * {@code hbpushd --list-plugins} shows.
     *
     * @throws PluginLoadException when the plugins directory itself cannot be read
     */
    public PluginSurvey survey(Path pluginsDirectory) throws PluginLoadException {
        requireNonNull(pluginsDirectory, "pluginsDirectory is null");
        List<LoadedPlugin> loaded = new ArrayList<>();
        Map<String, LoadedPlugin> pluginsByType = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path directory : pluginDirectories(pluginsDirectory)) {
            String name = String.valueOf(directory.getFileName());
            try {
                LoadedPlugin plugin = loadPlugin(directory);
                Optional<String> clash = firstClash(plugin, pluginsByType);
                if (clash.isPresent()) {
                    close(plugin.classLoader());
                    problems.add(name + ": " + clash.get());
                    continue;
                }
                plugin.types().forEach(type -> pluginsByType.put(type, plugin));
                loaded.add(plugin);
            }
            catch (PluginProblem problem) {
                problems.add(name + ": " + problem.getMessage());
            }
        }
        return new PluginSurvey(loaded, problems);
    }

    private static List<Path> pluginDirectories(Path pluginsDirectory) throws PluginLoadException {
        if (!Files.exists(pluginsDirectory)) {
            throw PluginLoadException.unusableDirectory(pluginsDirectory, "does not exist");
        }
        if (!Files.isDirectory(pluginsDirectory)) {
            throw PluginLoadException.unusableDirectory(pluginsDirectory, "is not a directory");
        }
        List<Path> directories = new ArrayList<>();
        try {
            for (Path entry : sortedEntries(pluginsDirectory)) {
                if (Files.isDirectory(entry)) {
                    directories.add(entry);
                }
                else {
                    log.debug("Ignoring {}: a plugin is a directory", entry);
                }
            }
        }
        catch (IOException e) {
            throw PluginLoadException.unusableDirectory(pluginsDirectory, "cannot be read: " + e);
        }
        return directories;
    }

    private static List<Path> sortedEntries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted(Comparator.comparing(entry -> String.valueOf(entry.getFileName()))).toList();
        }
        catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("try") // the context class loader is used for its scope
    private LoadedPlugin loadPlugin(Path directory) throws PluginProblem {
        List<URL> jars = jarsOf(directory);
        PluginClassLoader classLoader = new PluginClassLoader(directory, jars, serverClassLoader);
        // Provider constructors and static initializers are plugin code too.
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(classLoader)) {
            List<PluginStoreProvider> providers = providersOf(classLoader);
            PluginArtifact artifact = PluginArtifact.of(providers.get(0).delegateClass());
            return new LoadedPlugin(directory, artifact.artifact(), artifact.version(), classLoader, List.copyOf(providers));
        }
        catch (PluginProblem | RuntimeException | Error e) {
            close(classLoader);
            throw e;
        }
    }

    private static List<URL> jarsOf(Path directory) throws PluginProblem {
        List<URL> jars = new ArrayList<>();
        try {
            for (Path entry : sortedEntries(directory)) {
                if (Files.isRegularFile(entry) && String.valueOf(entry.getFileName()).endsWith(".jar")) {
                    jars.add(entry.toUri().toURL());
                }
            }
        }
        catch (MalformedURLException e) {
            throw new PluginProblem("cannot use its jars: " + e);
        }
        catch (IOException e) {
            throw new PluginProblem("cannot be read: " + e);
        }
        if (jars.isEmpty()) {
            throw new PluginProblem("contains no .jar file");
        }
        return jars;
    }

    private static List<PluginStoreProvider> providersOf(PluginClassLoader classLoader) throws PluginProblem {
        Map<String, PluginStoreProvider> providersByType = new LinkedHashMap<>();
        Iterator<ServiceLoader.Provider<StoreProvider>> candidates = ServiceLoader.load(StoreProvider.class, classLoader).stream().iterator();
        for (Optional<ServiceLoader.Provider<StoreProvider>> candidate = next(candidates); candidate.isPresent(); candidate = next(candidates)) {
            Class<? extends StoreProvider> providerClass = candidate.get().type();
            // Only this plugin's own classes count; a provider seen through a parent is not its offer.
            if (providerClass.getClassLoader() != classLoader) {
                log.debug("Ignoring store provider {} of {}: defined by {}", providerClass.getName(), classLoader, providerClass.getClassLoader());
                continue;
            }
            StoreProvider provider = instantiate(candidate.get());
            String type = typeOf(provider);
            PluginStoreProvider earlier = providersByType.putIfAbsent(type, new PluginStoreProvider(provider, type, classLoader));
            if (earlier != null) {
                throw new PluginProblem(format("store type \"%s\" is offered twice, by %s and by %s", type, earlier.delegateClass().getName(), providerClass.getName()));
            }
        }
        if (providersByType.isEmpty()) {
            throw new PluginProblem("no jar names a store provider in " + SERVICES_FILE);
        }
        return List.copyOf(providersByType.values());
    }

    private static Optional<ServiceLoader.Provider<StoreProvider>> next(Iterator<ServiceLoader.Provider<StoreProvider>> candidates) throws PluginProblem {
        try {
            return candidates.hasNext() ? Optional.of(candidates.next()) : Optional.empty();
        }
        // ServiceLoader reports a missing provider class as ServiceConfigurationError, but lets
        // the NoClassDefFoundError of a provider whose superclass is missing pass through.
        catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginProblem("store provider cannot be loaded: " + describe(e));
        }
    }

    private static StoreProvider instantiate(ServiceLoader.Provider<StoreProvider> candidate) throws PluginProblem {
        try {
            return candidate.get();
        }
        catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginProblem("store provider cannot be created: " + describe(e));
        }
    }

    private static String typeOf(StoreProvider provider) throws PluginProblem {
        String providerName = provider.getClass().getName();
        String type;
        try {
            type = provider.type();
        }
        catch (RuntimeException | LinkageError e) {
            throw new PluginProblem(format("store provider %s failed to tell its type: %s", providerName, describe(e)));
        }
        if (type == null) {
            throw new PluginProblem(format("store provider %s has no type (type() returned null)", providerName));
        }
        if (!STORE_TYPE.matcher(type).matches()) {
            throw new PluginProblem(format("store provider %s has the type \"%s\", but a type is lowercase letters, digits and single hyphens (\"acme-dynamo\")", providerName, type));
        }
        return type;
    }

    private static Optional<String> firstClash(LoadedPlugin plugin, Map<String, LoadedPlugin> pluginsByType) {
        for (String type : plugin.types()) {
            LoadedPlugin owner = pluginsByType.get(type);
            if (owner != null) {
                return Optional.of(format("store type \"%s\" is already offered by plugin %s", type, owner.name()));
            }
        }
        return Optional.empty();
    }

    /**
     * One line ending with the root cause, which names the missing class or the exception the
     * plugin threw. ServiceLoader's own message comes first: it names the provider class.
     */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String prefix = StoreProvider.class.getName() + ": ";
        if (failure instanceof ServiceConfigurationError && failure.getMessage() != null && failure.getMessage().startsWith(prefix)) {
            String message = failure.getMessage().substring(prefix.length());
            return root == failure ? message : message + ": " + root;
        }
        return root.toString();
    }

    private static void close(ClassLoader classLoader) {
        if (classLoader instanceof URLClassLoader closeable) {
            try {
                closeable.close();
            }
            catch (IOException e) {
                log.debug("Could not close {}", classLoader, e);
            }
        }
    }

    /** A plugin directory cannot be loaded; the message is the cause, without the directory's name. */
    private static final class PluginProblem extends Exception {
        PluginProblem(String message) {
            super(message);
        }
    }
}
