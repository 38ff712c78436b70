package org.hbpush.server.config;

import java.util.Locale;
import java.util.Optional;

import org.hbpush.server.config.ConfigNode.MappingNode;
import org.hbpush.server.config.ConfigNode.ScalarKind;
import org.hbpush.server.config.ConfigNode.ScalarNode;

import static java.util.Objects.requireNonNull;

/**
 * Turns tree values into Java values, reporting a value of the wrong kind as a problem on its key
 * path and answering empty, so binding goes on and finds the other problems too.
 *
 * <p>Values are lenient the way Jackson is: {@code port: "9090"} is a number, {@code create_on_post: "false"}
 * a boolean. An empty value ({@code port:}) counts as not written.
 */
final class NodeValues {
    private final ConfigurationProblems problems;

    NodeValues(ConfigurationProblems problems) {
        this.problems = requireNonNull(problems, "problems is null");
    }

    /** The value of a key, unless absent or empty. */
    static Optional<ConfigNode> written(MappingNode map, String key) {
        ConfigNode value = map.entries().get(key);
        if (value == null || (value instanceof ScalarNode scalar && scalar.isNull())) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Any single value as text (numbers and booleans as written). */
    Optional<String> text(ConfigNode value, String keyPath) {
        if (value instanceof ScalarNode scalar && !scalar.isNull()) {
            return Optional.of(scalar.text());
        }
        problems.add(keyPath, "must be text, not " + value.describe());
        return Optional.empty();
    }

    /** Text that is not empty. */
    Optional<String> nonEmptyText(ConfigNode value, String keyPath) {
        Optional<String> text = text(value, keyPath);
        if (text.isPresent() && text.get().isEmpty()) {
            problems.add(keyPath, "must not be empty");
            return Optional.empty();
        }
        return text;
    }

    /** A whole number that fits an int; the range that makes sense is checked by whoever uses it. */
    Optional<Integer> wholeNumber(ConfigNode value, String keyPath) {
        Optional<Long> number = longNumber(value, keyPath, "a whole number");
        if (number.isPresent() && (number.get() < Integer.MIN_VALUE || number.get() > Integer.MAX_VALUE)) {
            problems.add(keyPath, "must be a whole number, not " + value.describe() + " (too large)");
            return Optional.empty();
        }
        return number.map(Long::intValue);
    }

    /** A whole number of at least 1. */
    Optional<Long> positiveNumber(ConfigNode value, String keyPath, String what) {
        Optional<Long> number = longNumber(value, keyPath, what);
        if (number.isPresent() && number.get() < 1) {
            problems.add(keyPath, "must be " + what + ", not " + value.describe());
            return Optional.empty();
        }
        return number;
    }

    /** A whole number of at least 0. */
    Optional<Long> nonNegativeNumber(ConfigNode value, String keyPath, String what) {
        Optional<Long> number = longNumber(value, keyPath, what);
        if (number.isPresent() && number.get() < 0) {
            problems.add(keyPath, "must be " + what + ", not " + value.describe());
            return Optional.empty();
        }
        return number;
    }

    /** {@code true} or {@code false}, written bare or quoted. */
    Optional<Boolean> bool(ConfigNode value, String keyPath) {
        if (value instanceof ScalarNode scalar && (scalar.kind() == ScalarKind.BOOLEAN || scalar.kind() == ScalarKind.STRING)) {
            String text = scalar.text().trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Optional.of(Boolean.parseBoolean(text));
            }
        }
        problems.add(keyPath, "must be true or false, not " + value.describe());
        return Optional.empty();
    }

    private Optional<Long> longNumber(ConfigNode value, String keyPath, String what) {
        if (value instanceof ScalarNode scalar && (scalar.kind() == ScalarKind.WHOLE_NUMBER || scalar.kind() == ScalarKind.STRING)) {
            String text = scalar.text().trim();
            if (text.matches("[+-]?[0-9]{1,18}")) {
                return Optional.of(Long.parseLong(text));
            }
        }
        problems.add(keyPath, "must be " + what + ", not " + value.describe());
        return Optional.empty();
    }
}
