package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the answers of a run and everything that went wrong: unexpected statuses (protocol errors)
 * and requests that failed (connection refused or reset, timeouts). The first few problems are
 * described on standard error; the counts go into the result line.
 */
final class Outcomes {
    private static final int DESCRIBED = 5;

    private final PrintStream err;
    private final LongAdder answers = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicInteger described = new AtomicInteger();

    Outcomes(PrintStream err) {
        this.err = requireNonNull(err, "err is null");
    }

    void answered() {
        answers.increment();
    }

    /** An answer the protocol does not allow here, e.g. a 404 to a subscriber of a created channel. */
    void unexpected(String request, Answer answer) {
        answers.increment();
        unexpected.increment();
        describe(request + ": unexpected " + answer.status() + " " + firstLine(answer.body()));
    }

    /** An answer with an allowed status but a wrong content (a body the tool did not post there). */
    void wrongContent(String request, String problem) {
        unexpected.increment();
        describe(request + ": " + problem);
    }

    void failed(String request, Throwable failure) {
        failed.increment();
        describe(request + ": failed: " + failure);
    }

    long answers() {
        return answers.sum();
    }

    long unexpected() {
        return unexpected.sum();
    }

    long failed() {
        return failed.sum();
    }

    void addTo(ResultLine line) {
        line.add("unexpected", unexpected()).add("failed", failed());
    }

    private void describe(String problem) {
        if (described.getAndIncrement() < DESCRIBED) {
            err.println("hbpush-bench: " + problem);
        }
    }

    /** The body's text on one line: an error page's markup left out, so that its reason shows. */
    private static String firstLine(String body) {
        String line = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
