package org.hbpush.server.config;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The configuration cannot be used. {@link #getMessage()} is the whole message for the user, one
 * paragraph naming the file and every problem, ready for stderr:
 *
 * <pre>
 * hbpushd: conf/hbpushd.yml has 2 errors:
 *   * line 4, column 3: store.redis1.prot: unknown key (did you mean "port"?)
 *   * line 21, column 5: locations[2].url: "/sub/(.+)/(.+)" must have exactly one capture group, found 2
 * </pre>
 *
 * <p>{@code Main} prints it and exits non-zero, without a stack trace. Problems are listed in
 * file order; those without a line come last.
 */
public final class ConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    private static final Comparator<ConfigurationProblem> FILE_ORDER = Comparator.comparing(
            (ConfigurationProblem problem) -> problem.position(),
            (first, second) -> compare(first, second));

    private final String source;
    private final List<ConfigurationProblem> problems;

    /**
     * @param source   the file as the user named it ({@code conf/hbpushd.yml}), or {@code the default configuration}
     * @param problems at least one
     */
    public ConfigurationException(String source, List<ConfigurationProblem> problems) {
        super(null, null, false, false);
        this.source = requireNonNull(source, "source is null");
        requireNonNull(problems, "problems is null");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        this.problems = problems.stream().sorted(FILE_ORDER).toList();
    }

    /** The file the configuration came from, as the user named it. */
    public String source() {
        return source;
    }

    /** Every problem found, in file order. */
    public List<ConfigurationProblem> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        StringBuilder message = new StringBuilder()
                .append("hbpushd: ").append(source).append(" has ").append(problems.size())
                .append(problems.size() == 1 ? " error:" : " errors:");
        for (ConfigurationProblem problem : problems) {
            message.append("\n  * ").append(problem.render());
        }
        return message.toString();
    }

    private static int compare(Optional<SourcePosition> first, Optional<SourcePosition> second) {
        if (first.isEmpty() || second.isEmpty()) {
            return Boolean.compare(first.isEmpty(), second.isEmpty());
        }
        return Comparator.comparingInt(SourcePosition::line).thenComparingInt(SourcePosition::column)
                .compare(first.get(), second.get());
    }
}
