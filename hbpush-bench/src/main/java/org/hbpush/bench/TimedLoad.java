package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;


/**
 * A closed loop for a fixed time: every lane sends a request, waits for its answer, sends the next,
 * through a warm-up and then the measured time. Only requests sent during the measured time count.
 */
final class TimedLoad {
    /** What the lanes send and which answers are right. */
    interface Step {
        /** The {@code iteration}-th request of lane {@code lane}. */
        WireRequest request(int lane, long iteration);

        /** Whether the protocol allows {@code answer} here. */
        boolean isExpected(Answer answer);
    }

    /**
     * What was measured.
     *
     * @param completed expected answers to requests sent during the measured time
     * @param seconds the measured time
     * @param latencies their latencies
     * @param serverCpu the server's CPU time over the measured time
     */
    record Measurement(long completed, double seconds, Latencies latencies, ServerCpu serverCpu) {
        Measurement {
            requireNonNull(latencies, "latencies is null");
            requireNonNull(serverCpu, "serverCpu is null");
        }

        double perSecond() {
            return completed / seconds;
        }
    }

    private final BenchRun run;
    private final Step step;
    private final LongAdder completed = new LongAdder();
    private final Latencies latencies = new Latencies();
    private final long measureFrom;
    private final long end;

    private TimedLoad(BenchRun run, Step step) {
        this.run = run;
        this.step = step;
        this.measureFrom = System.nanoTime() + run.options().warmup().toNanos();
        this.end = measureFrom + run.options().duration().toNanos();
    }

    /** Runs {@code step} on every lane for the run's warm-up and duration. */
    static Measurement run(BenchRun run, List<Lane> lanes, Step step) throws BenchException {
        requireNonNull(run, "run is null");
        requireNonNull(lanes, "lanes is null");
        requireNonNull(step, "step is null");
        TimedLoad load = new TimedLoad(run, step);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int lane = 0; lane < lanes.size(); lane++) {
            CompletableFuture<Void> laneDone = new CompletableFuture<>();
            done.add(laneDone);
            load.next(lanes.get(lane), lane, 0, laneDone);
        }
        ServerCpu serverCpu = new ServerCpu(run.options().pid());
        BenchRun.sleep(Math.max(0, (load.measureFrom - System.nanoTime()) / 1_000_000));
        serverCpu.start();
        run.awaitQuietly(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)));
        serverCpu.stop();
        double seconds = run.options().duration().toNanos() / 1e9;
        return new Measurement(load.completed.sum(), seconds, load.latencies, serverCpu);
    }

    private void next(Lane lane, int index, long iteration, CompletableFuture<Void> done) {
        long sent = System.nanoTime();
        if (sent - end >= 0 || run.pastDeadline()) {
            done.complete(null);
            return;
        }
        WireRequest request = step.request(index, iteration);
        String description = request.description();
        lane.send(request).whenComplete((answer, failure) -> {
            if (failure != null) {
                run.outcomes().failed(description, failure);
                done.complete(null);
                return;
            }
            if (!step.isExpected(answer)) {
                run.outcomes().unexpected(description, answer);
            }
            else {
                run.outcomes().answered();
                if (sent - measureFrom >= 0) {
                    completed.increment();
                    latencies.recordSince(sent);
                }
            }
            next(lane, index, iteration + 1, done);
        });
    }
}
