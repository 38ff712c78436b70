package org.hbpush.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A parsed configuration document, independent of YAML or JSON. Positions are kept apart, in
 * {@link SourcePositions}, keyed by the same paths the binder reports problems on.
 */
sealed interface ConfigNode {
    /** How this value is named in "must be X, not Y" messages. */
    String describe();

    /** A map, keys in file order. */
    record MappingNode(Map<String, ConfigNode> entries) implements ConfigNode {
        public MappingNode {
            requireNonNull(entries, "entries is null");
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A list. */
    record SequenceNode(List<ConfigNode> elements) implements ConfigNode {
        public SequenceNode {
            elements = List.copyOf(requireNonNull(elements, "elements is null"));
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A single value, with its text as written (numbers keep their spelling, {@code 06379} stays so). */
    record ScalarNode(ScalarKind kind, String text) implements ConfigNode {
        public ScalarNode {
            requireNonNull(kind, "kind is null");
            requireNonNull(text, "text is null");
        }

        boolean isNull() {
            return kind == ScalarKind.NULL;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> Wording.quote(text);
                case NULL -> "empty";
                case WHOLE_NUMBER, DECIMAL_NUMBER, BOOLEAN -> text;
            };
        }
    }

    /** What a scalar was written as. */
    enum ScalarKind {
        STRING,
        WHOLE_NUMBER,
        DECIMAL_NUMBER,
        BOOLEAN,
        NULL
    }
}
