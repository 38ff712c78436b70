package org.hbpush.server.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a configuration, as one bullet of a {@link ConfigurationException}.
 *
 * <pre>{@code
 * new ConfigurationProblem(Optional.of(new SourcePosition(4, 3)), Optional.of("store.redis1.prot"),
 *         "unknown key (did you mean \"port\"?)").render()
 * // line 4, column 3: store.redis1.prot: unknown key (did you mean "port"?)
 * }</pre>
 *
 * @param position    where in the file, when known
 * @param keyPath     the key concerned ({@code locations[2].url}); empty for problems of the whole file
 * @param description what is wrong, one line, starting in lower case
 */
public record ConfigurationProblem(Optional<SourcePosition> position, Optional<String> keyPath, String description) {
    public ConfigurationProblem {
        requireNonNull(position, "position is null");
        requireNonNull(keyPath, "keyPath is null");
        requireNonNull(description, "description is null");
    }

    /** A problem with a key, placed at that key (or its nearest written parent) when the file shows it. */
    public static ConfigurationProblem at(SourcePositions positions, String keyPath, String description) {
        requireNonNull(positions, "positions is null");
        requireNonNull(keyPath, "keyPath is null");
        return new ConfigurationProblem(positions.nearest(keyPath), Optional.of(keyPath).filter(path -> !path.isEmpty()), description);
    }

    /** {@code line N, column M: key.path: description}, leaving out what is unknown. */
    public String render() {
        StringBuilder text = new StringBuilder();
        position.ifPresent(at -> text.append(at).append(": "));
        keyPath.ifPresent(path -> text.append(path).append(": "));
        return text.append(description).toString();
    }
}
