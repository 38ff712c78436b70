package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code hbpush-bench SCENARIO [options]}: a load tool for push relay servers. See
 * {@link BenchCommandLine#HELP} or {@code hbpush-bench --help}. For example:
 *
 * <pre>
 * hbpush-bench fanout --url http://127.0.0.1:8080 --subscribers 10000 --rounds 10
 * RESULT scenario=fanout subscribers=10000 channels=1 ... lost=0 duplicated=0 reordered=0 unexpected=0 failed=0 ok=true
 * </pre>
 */
public final class Main {
    /** Exit status of a run whose checks all held. */
    public static final int OK = 0;
    /** Exit status of a run with protocol errors, lost, duplicated or reordered messages, or that timed out. */
    public static final int FAILED = 1;
    /** Exit status of a bad command line. */
    public static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Runs one scenario: prints progress and problems on {@code err}, exactly one {@code RESULT} line
     * on {@code out} (none for a bad command line or {@code --help}), and returns the exit status.
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        requireNonNull(args, "args is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        if (args.contains("--help") || args.contains("-h")) {
            out.print(BenchCommandLine.HELP);
            return OK;
        }
        BenchOptions options;
        try {
            options = BenchCommandLine.parse(args);
        }
        catch (UsageException e) {
            err.println("hbpush-bench: " + e.getMessage());
            err.println("Try hbpush-bench --help.");
            return USAGE;
        }
        warnAboutFileLimit(options, err);

        Outcomes outcomes = new Outcomes(err);
        ResultLine line;
        boolean passed;
        Duration bound = options.timeout().plusSeconds(5);
        try (BenchClient client = BenchClient.start(options.url(), options.publisherUrl(), bound);
             Progress progress = Progress.start(options.scenario().commandName(), options.progress(),
                     () -> outcomes.answers() + " answers, " + (outcomes.unexpected() + outcomes.failed()) + " errors", err)) {
            Scenario.Report report = scenario(options.scenario()).run(new BenchRun(options, client, outcomes, err));
            line = report.line();
            passed = report.passed();
        }
        catch (BenchException e) {
            err.println("hbpush-bench: " + options.scenario().commandName() + ": " + e.getMessage());
            line = new ResultLine(options.scenario().commandName()).add("error", "setup");
            passed = false;
        }
        catch (Exception e) {
            err.println("hbpush-bench: " + options.scenario().commandName() + " failed: " + e);
            line = new ResultLine(options.scenario().commandName()).add("error", "internal");
            passed = false;
        }
        outcomes.addTo(line);
        boolean ok = passed && outcomes.unexpected() == 0 && outcomes.failed() == 0;
        out.println(line.add("ok", ok));
        out.flush();
        return ok ? OK : FAILED;
    }

    private static Scenario scenario(ScenarioName name) {
        switch (name) {
            case PUBLISH:
                return new PublishScenario();
            case INTERVAL:
                return new IntervalScenario();
            case FANOUT:
                return new FanoutScenario();
            case CHAIN:
                return new ChainScenario();
            case IDLE:
                return new IdleScenario();
        }
        throw new IllegalArgumentException("no scenario " + name);
    }

    /** Each connection is a file descriptor: say so before the run fails with "Too many open files". */
    private static void warnAboutFileLimit(BenchOptions options, PrintStream err) {
        long needed = switch (options.scenario()) {
            case PUBLISH, INTERVAL -> options.connections();
            case FANOUT, IDLE -> options.subscribers() + options.channels();
            case CHAIN -> (long) options.followers() * options.channels() + options.publishers();
        } + 64L;
        openFileLimit().filter(limit -> limit < needed).ifPresent(limit -> err.println(
                "hbpush-bench: warning: this process may open " + limit + " files, the run needs about " + needed
                        + "; raise the limit first (ulimit -n 65536), here and for the server"));
    }

    private static Optional<Long> openFileLimit() {
        try {
            // "Max open files            1024                 1048576              files"
            return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(line -> line.startsWith("Max open files"))
                    .map(line -> line.substring("Max open files".length()).strip().split("\\s+")[0])
                    .filter(value -> value.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .findFirst();
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
