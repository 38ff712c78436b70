package org.hbpush.server.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Expands {@code ${NAME}} in secret values with the environment variable NAME, so that secrets stay
 * out of the configuration file. An unset variable is a problem naming the key and the variable,
 * never the value.
 */
final class EnvironmentValues {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> environment;
    private final ConfigurationProblems problems;

    EnvironmentValues(Map<String, String> environment, ConfigurationProblems problems) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.problems = requireNonNull(problems, "problems is null");
    }

    /** The text with every {@code ${NAME}} replaced; empty (and a problem) when a variable is unset. */
    Optional<String> expand(String text, String keyPath) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = environment.get(name);
            if (value == null) {
                problems.add(keyPath, "the environment variable " + name + " is not set");
                return Optional.empty();
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(expanded);
        return Optional.of(expanded.toString());
    }
}
