package org.hbpush.server.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Reads a configuration file (YAML or JSON) into a {@link ServerConfiguration}, or explains in one
 * {@link ConfigurationException} everything that is wrong with it, with lines and columns.
 *
 * <pre>{@code
 * ServerConfiguration configuration = file.isPresent()
 *         ? new ConfigurationLoader().load(file.get(), format)     // format: from --format, else the extension
 *         : ConfigurationLoader.defaults();
 * }</pre>
 *
 * <p>The top-level keys are {@code port}, {@code address}, {@code plugins_dir}, {@code access_log}, {@code store},
 * {@code locations}, {@code listen}, {@code max_connections}, {@code max_request_header_size},
 * {@code idle_timeout}, {@code listen_backlog} and {@code http1_connection}, documented on {@link ServerConfiguration}; unknown keys are errors, with a
 * "did you mean" hint when the key is close to a known one, and values must have the right kind
 * (a number for {@code port}, a compiling regular expression for {@code url}, ...). What the
 * values mean (a url has one capture group, a store is defined, a store type has a plugin that
 * accepts the options) is checked by {@link ConfigurationValidator} once the plugins are loaded,
 * so that all of those problems are reported together; always validate what was loaded.
 */
public final class ConfigurationLoader {
    /** The store type of the default store. */
    static final String MEMORY = "memory";

    private final ConfigurationTreeReader reader = new ConfigurationTreeReader();
    private final Map<String, String> environment;

    /** A loader that reads {@code ${NAME}} in secrets from this process's environment. */
    public ConfigurationLoader() {
        this(System.getenv());
    }

    /** A loader that reads {@code ${NAME}} in secrets from {@code environment} (tests). */
    public ConfigurationLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    /**
     * Reads and binds a configuration file.
     *
     * @param file   the file, as the user named it (the name starts every message)
     * @param format the format from {@code --format}; empty to choose by file extension
     * @throws ConfigurationException naming every problem: missing or unreadable file, syntax, unknown keys, wrong values
     */
    public ServerConfiguration load(Path file, Optional<ConfigurationFormat> format) throws ConfigurationException {
        requireNonNull(file, "file is null");
        requireNonNull(format, "format is null");
        String source = file.toString();
        byte[] content = read(file, source);
        ParsedDocument document = reader.read(content, format.orElseGet(() -> ConfigurationFormat.ofFile(file)));
        ConfigurationProblems problems = new ConfigurationProblems(document.positions());
        problems.addAll(document.problems());
        if (document.root().isEmpty()) {
            problems.throwIfAny(source);
        }
        Path baseDirectory = file.toAbsolutePath().getParent();
        Optional<ServerConfiguration> configuration = document.root()
                .flatMap(root -> new ConfigurationBinder(source, baseDirectory, problems, environment).bind(root));
        problems.throwIfAny(source);
        return configuration.orElseThrow(() -> new IllegalStateException("binding failed without a problem: " + source));
    }

    /**
     * The configuration hbpushd runs without a file: port 80 on every interface, one memory store
     * named {@code default}, a subscriber location on {@code /subscriber/} and a publisher
     * location on {@code /publisher/}.
     */
    public static ServerConfiguration defaults() {
        return new ServerConfiguration(ServerConfiguration.DEFAULT_SOURCE, ServerConfiguration.DEFAULT_PORT,
                ServerConfiguration.DEFAULT_ADDRESS, Optional.empty(), defaultStores(), defaultLocations());
    }

    /** {@code store: {type: memory}}, used when a file has no {@code store:}. */
    static Map<String, StoreConfiguration> defaultStores() {
        return Map.of(StoreConfiguration.DEFAULT_NAME,
                new StoreConfiguration(StoreConfiguration.DEFAULT_NAME, MEMORY, Map.of(), ConfigurationBinder.STORE));
    }

    /** The subscriber and publisher of PROTOCOL.md, used when a file has no {@code locations:}. */
    static List<LocationConfiguration> defaultLocations() {
        return List.of(LocationConfiguration.subscriber(0, "/subscriber/"), LocationConfiguration.publisher(1, "/publisher/"));
    }

    private static byte[] read(Path file, String source) throws ConfigurationException {
        String problem;
        try {
            if (Files.isDirectory(file)) {
                problem = "cannot read the file: it is a directory";
            }
            else {
                return Files.readAllBytes(file);
            }
        }
        catch (NoSuchFileException e) {
            problem = "cannot read the file: it does not exist";
        }
        catch (AccessDeniedException e) {
            problem = "cannot read the file: permission denied";
        }
        catch (IOException e) {
            problem = "cannot read the file: " + e.getMessage();
        }
        throw new ConfigurationException(source, List.of(new ConfigurationProblem(Optional.empty(), Optional.empty(), problem)));
    }
}
