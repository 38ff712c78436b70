package org.hbpush.server.config;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Collects every problem of one configuration so that the user learns all of them in one run. */
final class ConfigurationProblems {
    private final SourcePositions positions;
    private final List<ConfigurationProblem> problems = new ArrayList<>();

    ConfigurationProblems(SourcePositions positions) {
        this.positions = requireNonNull(positions, "positions is null");
    }

    /** A problem with a key, placed where the file wrote it (or its nearest written parent). */
    void add(String keyPath, String description) {
        problems.add(ConfigurationProblem.at(positions, keyPath, description));
    }

    void add(ConfigurationProblem problem) {
        problems.add(requireNonNull(problem, "problem is null"));
    }

    void addAll(List<ConfigurationProblem> others) {
        problems.addAll(others);
    }

    /** How many so far; compare before and after a section to see whether it was faultless. */
    int count() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    SourcePositions positions() {
        return positions;
    }

    void throwIfAny(String source) throws ConfigurationException {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(source, List.copyOf(problems));
        }
    }
}
