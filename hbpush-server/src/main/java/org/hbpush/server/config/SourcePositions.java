package org.hbpush.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where each key path of a configuration file was written, so that a problem found long after
 * parsing (an undefined store, an option a plugin rejects) still names its line and column.
 *
 * <p>Key paths are written as in error messages: {@code port}, {@code store.redis1.port}
 * (or {@code store.port} for a single unnamed store), {@code locations[2].url}; list indexes start at 0.
 *
 * <pre>{@code
 * positions.nearest("store.redis1.port")   // the line of "port:", or of "redis1:" when port was not written
 * }</pre>
 */
public final class SourcePositions {
    private static final SourcePositions NONE = new SourcePositions(Map.of());

    private final Map<String, SourcePosition> positionsByKeyPath;

    SourcePositions(Map<String, SourcePosition> positionsByKeyPath) {
        requireNonNull(positionsByKeyPath, "positionsByKeyPath is null");
        this.positionsByKeyPath = Collections.unmodifiableMap(new LinkedHashMap<>(positionsByKeyPath));
    }

    /** No positions: a configuration that was not read from a file. */
    public static SourcePositions none() {
        return NONE;
    }

    /** The position of exactly this key path, when it was written in the file. */
    public Optional<SourcePosition> of(String keyPath) {
        requireNonNull(keyPath, "keyPath is null");
        return Optional.ofNullable(positionsByKeyPath.get(keyPath));
    }

    /**
     * The position of this key path or, when it was not written (a default value), of its
     * closest written parent: {@code store.redis1.port} falls back to {@code store.redis1}.
     * Never falls back to the start of the file, which would point nowhere useful.
     */
    public Optional<SourcePosition> nearest(String keyPath) {
        requireNonNull(keyPath, "keyPath is null");
        String path = keyPath;
        while (!path.isEmpty()) {
            SourcePosition position = positionsByKeyPath.get(path);
            if (position != null) {
                return Optional.of(position);
            }
            path = parentOf(path);
        }
        return Optional.empty();
    }

    /** These positions without the given key path and everything under it (for a value overridden on the command line). */
    public SourcePositions without(String keyPath) {
        requireNonNull(keyPath, "keyPath is null");
        Map<String, SourcePosition> kept = new LinkedHashMap<>(positionsByKeyPath);
        kept.keySet().removeIf(path -> path.equals(keyPath) || path.startsWith(keyPath + ".") || path.startsWith(keyPath + "["));
        return new SourcePositions(kept);
    }

    static String parentOf(String keyPath) {
        int cut = Math.max(keyPath.lastIndexOf('.'), keyPath.lastIndexOf('['));
        return cut < 0 ? "" : keyPath.substring(0, cut);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourcePositions that && positionsByKeyPath.equals(that.positionsByKeyPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(positionsByKeyPath);
    }

    @Override
    public String toString() {
        return "SourcePositions" + positionsByKeyPath;
    }
}
