package org.hbpush.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.hbpush.server.config.ConfigurationException;
import org.hbpush.server.config.ConfigurationFormat;
import org.hbpush.server.config.ConfigurationLoader;
import org.hbpush.server.config.ConfigurationValidator;
import org.hbpush.server.config.ServerConfiguration;
import org.hbpush.server.config.ValidatedConfiguration;
import org.hbpush.server.plugin.LoadedPlugins;
import org.hbpush.server.plugin.PluginLoadException;
import org.hbpush.server.plugin.PluginLoader;

/**
 * The {@code hbpushd} command: reads the configuration, loads the store plugins, serves until
 * SIGTERM or SIGINT, then stops cleanly and exits 0.
 *
 * <p>Exit status: 0 after a clean stop, {@code --check}, {@code --list-plugins}, {@code --version}
 * or {@code --help}; 1 when the configuration, a plugin or the listening port is wrong (one
 * paragraph on stderr; {@code --list-plugins} lists the broken plugins and exits 1 too);
 * 2 when the command line itself is wrong.
 */
public final class Main {
    /** The system property the launcher sets to the unpacked distribution's directory. */
    public static final String HOME_PROPERTY = "hbpush.home";

    static final int EXIT_OK = 0;
    static final int EXIT_CONFIGURATION = 1;
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] arguments) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        int status = run(arguments, System.out, System.err, stopRequested, () -> StopSignals.install(stopRequested::countDown));
        System.exit(status);
    }

    /**
     * Runs the command until the server is asked to stop through {@code stopRequested}.
     *
     * @param installSignals called once the server listens, to route stop signals to the latch
     * @return the exit status
     */
    static int run(String[] arguments, PrintStream out, PrintStream err, CountDownLatch stopRequested, Runnable installSignals) {
        CommandLine options;
        try {
            options = CommandLine.parse(Arrays.asList(arguments));
        }
        catch (CommandLine.UsageException e) {
            err.println("hbpushd: " + e.getMessage());
            err.print(CommandLine.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(CommandLine.USAGE);
            return EXIT_OK;
        }
        if (options.version()) {
            out.println("hbpushd " + version());
            return EXIT_OK;
        }
        HbpushServer server;
        try {
            ServerConfiguration configuration = readConfiguration(options);
            if (options.listPlugins()) {
                return PluginListing.print(new PluginLoader().survey(pluginsDirectory(options, configuration)), out);
            }
            LoadedPlugins plugins = new PluginLoader().load(pluginsDirectory(options, configuration));
            ValidatedConfiguration validated = ConfigurationValidator.validate(configuration, plugins.providersByType());
            if (options.check()) {
                out.println("hbpushd: " + configuration.source() + " is valid");
                return EXIT_OK;
            }
            server = HbpushServer.open(validated, pluginDirectories(plugins));
            server.start();
        }
        catch (ConfigurationException | PluginLoadException | HbpushServer.ListenException e) {
            err.println(e.getMessage());
            return EXIT_CONFIGURATION;
        }
        installSignals.run();
        awaitQuietly(stopRequested);
        server.stop();
        return EXIT_OK;
    }

    private static ServerConfiguration readConfiguration(CommandLine options) throws ConfigurationException {
        ServerConfiguration configuration = options.configFile().isPresent()
                ? new ConfigurationLoader().load(options.configFile().get(), options.format().flatMap(ConfigurationFormat::named))
                : ConfigurationLoader.defaults();
        return options.port().map(configuration::withPort).orElse(configuration);
    }

    /** {@code --plugins-dir}, else {@code plugins_dir}, else {@code <home>/plugins}. */
    private static Path pluginsDirectory(CommandLine options, ServerConfiguration configuration) {
        return options.pluginsDirectory()
                .or(configuration::pluginsDirectory)
                .orElseGet(() -> home().resolve("plugins"));
    }

    private static Path home() {
        return Optional.ofNullable(System.getProperty(HOME_PROPERTY)).map(Path::of).orElse(Path.of("."));
    }

    private static Map<String, String> pluginDirectories(LoadedPlugins plugins) {
        Map<String, String> directories = new LinkedHashMap<>();
        for (String type : plugins.providersByType().keySet()) {
            plugins.pluginOfType(type).ifPresent(plugin -> directories.put(type, plugin.directory().toString()));
        }
        return directories;
    }

    static String version() {
        return Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("(development build)");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            }
            catch (InterruptedException e) {
                // Only a stop signal ends the wait.
            }
        }
    }
}
