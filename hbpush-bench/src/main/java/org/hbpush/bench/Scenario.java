package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

/**
 * One kind of load. A scenario sets up its channels and connections through the {@link BenchRun},
 * drives the load until its count or time is reached (or the run's deadline), and reports.
 */
interface Scenario {
    /**
     * Runs the load.
     *
     * @return the scenario's result fields, and whether everything it checks held (nothing lost,
     *         duplicated or reordered, everything finished before the deadline)
     */
    Report run(BenchRun run) throws BenchException;

    /**
     * A scenario's outcome.
     *
     * @param line the result line so far (the run adds the error counts and the verdict)
     * @param passed whether the scenario's own checks held
     */
    record Report(ResultLine line, boolean passed) {
        public Report {
            requireNonNull(line, "line is null");
        }
    }
}
