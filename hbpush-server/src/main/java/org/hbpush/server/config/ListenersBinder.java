package org.hbpush.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hbpush.server.config.ConfigNode.MappingNode;
import org.hbpush.server.config.ConfigNode.ScalarNode;
import org.hbpush.server.config.ConfigNode.SequenceNode;

import static java.util.Objects.requireNonNull;

/**
 * Binds {@code listen:}, a list of listener maps (see {@link ListenerConfiguration} and
 * {@link TlsConfiguration} for the keys), and a location's {@code listener:} names. Whether names
 * and addresses clash, ports are in range and keystores open is checked by {@link ListenerChecks}.
 */
final class ListenersBinder {
    static final String PATH = "listen";
    static final String NAME = "name";
    static final String ADDRESS = "address";
    static final String PORT = "port";
    static final String TLS = "tls";
    static final String KEYSTORE = "keystore";
    static final String PASSWORD = "password";
    static final String KEY_PASSWORD = "key_password";

    private static final List<String> KEYS = List.of(NAME, ADDRESS, PORT, TLS);
    private static final List<String> TLS_KEYS = List.of(KEYSTORE, PASSWORD, KEY_PASSWORD);
    /** Names appear in log lines and in locations' {@code listener:}: keep them plain words. */
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_-]+");

    private final ConfigurationProblems problems;
    private final NodeValues values;
    private final Path baseDirectory;
    private final EnvironmentValues environment;

    /**
     * @param baseDirectory the configuration file's directory, against which a keystore path is resolved
     * @param environment   the environment variables, for {@code ${NAME}} in passwords
     */
    ListenersBinder(ConfigurationProblems problems, Path baseDirectory, Map<String, String> environment) {
        this.problems = requireNonNull(problems, "problems is null");
        this.values = new NodeValues(problems);
        this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
        this.environment = new EnvironmentValues(environment, problems);
    }

    /** The listeners written without fault, in file order; the problems name the others. */
    List<ListenerConfiguration> bind(ConfigNode node) {
        if (!(node instanceof SequenceNode list)) {
            problems.add(PATH, "must be a list of listeners, each a map with name, address, port and tls, not " + node.describe());
            return List.of();
        }
        if (list.elements().isEmpty()) {
            problems.add(PATH, "lists no listener (leave it out to listen on port and address)");
            return List.of();
        }
        List<ListenerConfiguration> bound = new ArrayList<>();
        for (int index = 0; index < list.elements().size(); index++) {
            bindListener(index, list.elements().get(index), list.elements().size() == 1).ifPresent(bound::add);
        }
        return bound;
    }

    /**
     * A location's {@code listener:}: one name, or a list of names.
     *
     * @return the names written without fault
     */
    static List<String> names(NodeValues values, ConfigurationProblems problems, ConfigNode node, String path) {
        if (node instanceof ScalarNode) {
            return values.nonEmptyText(node, path).map(List::of).orElse(List.of());
        }
        if (!(node instanceof SequenceNode list) || list.elements().isEmpty()) {
            problems.add(path, "must be the name of a listener or a list of names, not " + node.describe());
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int index = 0; index < list.elements().size(); index++) {
            String elementPath = path + "[" + index + "]";
            Optional<String> name = values.nonEmptyText(list.elements().get(index), elementPath);
            if (name.isPresent() && names.contains(name.get())) {
                problems.add(elementPath, Wording.quote(name.get()) + " is named twice");
            }
            else {
                name.ifPresent(names::add);
            }
        }
        return names;
    }

    private Optional<ListenerConfiguration> bindListener(int index, ConfigNode node, boolean only) {
        String path = PATH + "[" + index + "]";
        if (!(node instanceof MappingNode listener)) {
            problems.add(path, "must be a map with name, address, port and tls, not " + node.describe());
            return Optional.empty();
        }
        int before = problems.count();
        for (String key : listener.entries().keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(path + "." + key, Suggestions.unknownKey(key, KEYS));
            }
        }
        Optional<String> name = NodeValues.written(listener, NAME).flatMap(value -> name(value, path + "." + NAME));
        if (name.isEmpty() && !only && NodeValues.written(listener, NAME).isEmpty()) {
            problems.add(path, "needs a name: with several listeners, each location names the ones it is served on");
        }
        String address = NodeValues.written(listener, ADDRESS)
                .flatMap(value -> values.text(value, path + "." + ADDRESS))
                .orElse(ServerConfiguration.DEFAULT_ADDRESS);
        Optional<TlsConfiguration> tls = NodeValues.written(listener, TLS).flatMap(value -> tls(value, path + "." + TLS));
        int port = NodeValues.written(listener, PORT)
                .flatMap(value -> values.wholeNumber(value, path + "." + PORT))
                .orElse(NodeValues.written(listener, TLS).isPresent() ? ListenerConfiguration.DEFAULT_TLS_PORT : ListenerConfiguration.DEFAULT_PORT);
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ListenerConfiguration(name.orElse(ListenerConfiguration.DEFAULT_NAME), address, port, tls));
    }

    private Optional<String> name(ConfigNode value, String keyPath) {
        Optional<String> name = values.nonEmptyText(value, keyPath);
        if (name.isPresent() && !NAME_PATTERN.matcher(name.get()).matches()) {
            problems.add(keyPath, Wording.quote(name.get()) + " may hold only letters, digits, _ and -");
            return Optional.empty();
        }
        return name;
    }

    private Optional<TlsConfiguration> tls(ConfigNode node, String path) {
        if (!(node instanceof MappingNode tls)) {
            problems.add(path, "must be a map with keystore and password, not " + node.describe());
            return Optional.empty();
        }
        int before = problems.count();
        for (String key : tls.entries().keySet()) {
            if (!TLS_KEYS.contains(key)) {
                problems.add(path + "." + key, Suggestions.unknownKey(key, TLS_KEYS));
            }
        }
        Optional<ConfigNode> keystoreNode = NodeValues.written(tls, KEYSTORE);
        Optional<ConfigNode> passwordNode = NodeValues.written(tls, PASSWORD);
        if (keystoreNode.isEmpty()) {
            problems.add(path, "needs keystore: the PKCS#12 file holding the private key and its certificate chain");
        }
        if (passwordNode.isEmpty()) {
            problems.add(path, "needs password: the keystore's password (write ${NAME} to read it from the environment variable NAME)");
        }
        Optional<Path> keystore = keystoreNode
                .flatMap(value -> values.nonEmptyText(value, path + "." + KEYSTORE))
                .flatMap(text -> keystorePath(text, path + "." + KEYSTORE));
        Optional<String> password = passwordNode.flatMap(value -> secret(value, path + "." + PASSWORD));
        Optional<String> keyPassword = NodeValues.written(tls, KEY_PASSWORD).flatMap(value -> secret(value, path + "." + KEY_PASSWORD));
        if (problems.count() > before || keystore.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TlsConfiguration(keystore.get(), password.get(), keyPassword));
    }

    private Optional<Path> keystorePath(String text, String keyPath) {
        try {
            return Optional.of(baseDirectory.resolve(text).normalize());
        }
        catch (InvalidPathException e) {
            problems.add(keyPath, Wording.quote(text) + " is not a valid path: " + e.getReason());
            return Optional.empty();
        }
    }

    /** A password, with {@code ${NAME}} read from the environment; never quoted in a message. */
    private Optional<String> secret(ConfigNode value, String keyPath) {
        if (!(value instanceof ScalarNode scalar)) {
            problems.add(keyPath, "must be text, not " + value.describe());
            return Optional.empty();
        }
        Optional<String> secret = environment.expand(scalar.text(), keyPath);
        if (secret.isPresent() && secret.get().isEmpty()) {
            problems.add(keyPath, "must not be empty");
            return Optional.empty();
        }
        return secret;
    }
}
