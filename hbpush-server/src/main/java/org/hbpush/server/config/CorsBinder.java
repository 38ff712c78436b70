package org.hbpush.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hbpush.server.config.ConfigNode.MappingNode;
import org.hbpush.server.config.ConfigNode.ScalarNode;
import org.hbpush.server.config.ConfigNode.SequenceNode;

import static java.util.Objects.requireNonNull;

/** Binds a location's {@code cors:} section (see {@link CorsConfiguration} for the keys). */
final class CorsBinder {
    static final String ALLOW_ORIGINS = "allow_origins";
    static final String ALLOW_CREDENTIALS = "allow_credentials";
    static final String MAX_AGE = "max_age";
    private static final List<String> KEYS = List.of(ALLOW_ORIGINS, ALLOW_CREDENTIALS, MAX_AGE);
    private static final String ANY = "*";

    private final ConfigurationProblems problems;
    private final NodeValues values;

    CorsBinder(ConfigurationProblems problems) {
        this.problems = requireNonNull(problems, "problems is null");
        this.values = new NodeValues(problems);
    }

    Optional<CorsConfiguration> bind(ConfigNode node, String path) {
        if (!(node instanceof MappingNode cors)) {
            problems.add(path, "must be a map with allow_origins, not " + node.describe());
            return Optional.empty();
        }
        int before = problems.count();
        for (String key : cors.entries().keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(path + "." + key, Suggestions.unknownKey(key, KEYS));
            }
        }
        List<String> origins = new ArrayList<>();
        boolean any = false;
        Optional<ConfigNode> written = NodeValues.written(cors, ALLOW_ORIGINS);
        String originsPath = path + "." + ALLOW_ORIGINS;
        if (written.isEmpty()) {
            problems.add(path, "needs allow_origins: a list of origins such as https://app.example.com, or \"*\"");
        }
        else if (written.get() instanceof ScalarNode scalar && scalar.text().equals(ANY)) {
            any = true;
        }
        else if (written.get() instanceof SequenceNode list && !list.elements().isEmpty()) {
            for (int index = 0; index < list.elements().size(); index++) {
                String elementPath = originsPath + "[" + index + "]";
                values.nonEmptyText(list.elements().get(index), elementPath)
                        .flatMap(origin -> origin(origin, elementPath))
                        .ifPresent(origins::add);
            }
        }
        else {
            problems.add(originsPath, "must be a list of origins or \"*\", not " + written.get().describe());
        }
        boolean credentials = NodeValues.written(cors, ALLOW_CREDENTIALS)
                .flatMap(value -> values.bool(value, path + "." + ALLOW_CREDENTIALS))
                .orElse(false);
        if (any && credentials) {
            // Browsers refuse credentials with a wildcard origin; say so now rather than fail in the browser.
            problems.add(path + "." + ALLOW_CREDENTIALS, "cannot be true with allow_origins: \"*\" (browsers refuse it); list the origins");
        }
        long maxAge = NodeValues.written(cors, MAX_AGE)
                .flatMap(value -> values.nonNegativeNumber(value, path + "." + MAX_AGE, "a whole number of seconds"))
                .orElse(CorsConfiguration.DEFAULT_MAX_AGE.toSeconds());
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new CorsConfiguration(origins, any, credentials, Duration.ofSeconds(maxAge)));
    }

    /** An origin as browsers send it: scheme, host and optional port, nothing else. */
    private Optional<String> origin(String text, String keyPath) {
        try {
            URI uri = new URI(text);
            boolean bare = uri.getScheme() != null && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (bare) {
                return Optional.of(text);
            }
        }
        catch (URISyntaxException e) {
            // reported below
        }
        problems.add(keyPath, Wording.quote(text) + " is not an origin; write scheme://host[:port], e.g. https://app.example.com");
        return Optional.empty();
    }
}
