package org.hbpush.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code idle}: S long polls over K channels are held and nothing is posted. With {@code --pid}, the
 * resident memory of the server (the process and its children) is read once the channels exist and
 * again after the polls have been held for {@code --hold} seconds; the difference over S is the
 * memory one held poll costs. Any answer to a held poll is a protocol error: nothing was posted.
 */
final class IdleScenario implements Scenario {
    @Override
    public Report run(BenchRun run) throws BenchException {
        BenchOptions options = run.options();
        int channels = Math.min(options.channels(), options.subscribers());
        int subscribers = options.subscribers();
        run.createChannels(channels);
        Optional<Long> before = residentBytes(options);

        List<Lane> lanes = run.await(run.client().connectedLanes(subscribers), "connecting " + subscribers + " subscribers");
        List<CompletableFuture<Answer>> polls = new ArrayList<>();
        // closing the lanes at the end fails the held polls: that is no error
        AtomicBoolean stopping = new AtomicBoolean();
        for (int index = 0; index < subscribers; index++) {
            int channel = index % channels;
            String description = "GET " + run.subscriberPath(channel);
            CompletableFuture<Answer> poll = lanes.get(index).send(run.client().get(run.subscriberPath(channel), Optional.empty()));
            poll.whenComplete((answer, failure) -> {
                if (stopping.get()) {
                    return;
                }
                if (failure != null) {
                    run.outcomes().failed(description, failure);
                }
                else {
                    run.outcomes().unexpected(description + " (nothing was posted, the poll should be held)", answer);
                }
            });
            polls.add(poll);
        }
        run.awaitWaitingSubscribers(channels, subscribers);
        BenchRun.sleep(options.hold().toMillis());
        Optional<Long> after = residentBytes(options);
        long stillHeld = polls.stream().filter(poll -> !poll.isDone()).count();
        stopping.set(true);
        lanes.forEach(Lane::close);

        ResultLine line = new ResultLine("idle")
                .add("subscribers", subscribers)
                .add("channels", channels)
                .add("held", stillHeld);
        if (before.isPresent() && after.isPresent()) {
            line.add("pid", options.pid().orElseThrow())
                    .add("rss_before_kb", before.get() / 1024)
                    .add("rss_after_kb", after.get() / 1024)
                    .add("bytes_per_poll", (after.get() - before.get()) / subscribers);
        }
        else {
            line.add("bytes_per_poll", "na");
        }
        return new Report(line, stillHeld == subscribers);
    }

    private static Optional<Long> residentBytes(BenchOptions options) throws BenchException {
        if (options.pid().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProcessMemory.residentBytes(options.pid().get()));
        }
        catch (RuntimeException e) {
            throw new BenchException("cannot read the memory of process " + options.pid().get() + ": " + e.getMessage(), e);
        }
    }
}
