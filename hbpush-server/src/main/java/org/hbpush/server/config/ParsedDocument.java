package org.hbpush.server.config;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What {@link ConfigurationTreeReader} made of a file: the top-level map (absent when the file
 * could not be read as one), where every key was written, and what was wrong on the way.
 */
record ParsedDocument(Optional<ConfigNode.MappingNode> root, SourcePositions positions, List<ConfigurationProblem> problems) {
    ParsedDocument {
        requireNonNull(root, "root is null");
        requireNonNull(positions, "positions is null");
        problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }
}
