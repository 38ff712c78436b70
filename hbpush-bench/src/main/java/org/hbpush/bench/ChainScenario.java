package org.hbpush.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code chain}: F followers on each of K channels are held, then P publishers post N messages per
 * channel as fast as they can, each waiting for its last answer before the next POST. Publisher p's
 * j-th message goes to channel (p + j) mod K, so every channel hears from several publishers and
 * every publisher's messages to one channel have one order, which each follower must see: nothing
 * lost, nothing twice, nothing out of order. Reports the elapsed time (first POST to last delivery),
 * messages/s and the end-to-end latency.
 */
final class ChainScenario implements Scenario {
    @Override
    public Report run(BenchRun run) throws BenchException {
        BenchOptions options = run.options();
        int channels = options.channels();
        int publishers = options.publishers();
        long total = (long) options.messages() * channels;
        if (total > Integer.MAX_VALUE / 2) {
            throw new BenchException("chain: --messages times --channels is too large");
        }
        int[] perPublisher = new int[publishers];
        int[] firstIndex = new int[publishers];
        for (int publisher = 0, index = 0; publisher < publishers; publisher++) {
            perPublisher[publisher] = (int) (total / publishers + (publisher < total % publishers ? 1 : 0));
            firstIndex[publisher] = index;
            index += perPublisher[publisher];
        }
        run.createChannels(channels);

        AtomicLongArray postedAt = new AtomicLongArray((int) total);
        Latencies latencies = new Latencies();
        LongAdder deliveries = new LongAdder();
        AtomicLong lastDelivery = new AtomicLong();
        int followers = options.followers() * channels;
        List<Lane> followerLanes = run.await(run.client().connectedLanes(followers), "connecting " + followers + " followers");
        List<FollowingSubscriber> following = new ArrayList<>();
        for (int index = 0; index < followers; index++) {
            int channel = index % channels;
            int[] expected = new int[publishers];
            for (int publisher = 0; publisher < publishers; publisher++) {
                expected[publisher] = messagesTo(channel, publisher, perPublisher[publisher], channels);
            }
            following.add(new FollowingSubscriber(run, followerLanes.get(index), channel, new DeliveryLedger(expected), message -> {
                int publisher = message.publisher();
                if (message.sequence() < perPublisher[publisher]) {
                    latencies.recordSince(postedAt.get(firstIndex[publisher] + message.sequence()));
                }
                deliveries.increment();
                lastDelivery.accumulateAndGet(System.nanoTime(), Math::max);
            }));
        }
        following.forEach(FollowingSubscriber::start);
        run.awaitWaitingSubscribers(channels, followers);

        List<Lane> publisherLanes = run.await(run.client().connectedPublisherLanes(publishers), "connecting " + publishers + " publishers");
        ServerCpu serverCpu = new ServerCpu(options.pid());
        serverCpu.start();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> posting = new ArrayList<>();
        for (int publisher = 0; publisher < publishers; publisher++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            posting.add(done);
            post(run, publisherLanes.get(publisher), publisher, 0, perPublisher[publisher], firstIndex[publisher], postedAt, done);
        }
        boolean finished = run.awaitQuietly(CompletableFuture.allOf(posting.toArray(CompletableFuture[]::new)))
                && run.awaitQuietly(CompletableFuture.allOf(following.stream().map(FollowingSubscriber::done).toArray(CompletableFuture[]::new)));
        serverCpu.stop();
        if (!finished) {
            run.err().println("hbpush-bench: chain stopped at --timeout before every message was delivered");
        }
        publisherLanes.forEach(Lane::close);
        followerLanes.forEach(Lane::close);

        double seconds = Math.max(1, lastDelivery.get() - start) / 1e9;
        Verdicts verdicts = Verdicts.of(following);
        ResultLine line = new ResultLine("chain")
                .add("channels", channels)
                .add("followers", options.followers())
                .add("publishers", publishers)
                .add("messages", total)
                .add("size", options.size())
                .add("deliveries", deliveries.sum())
                .add("elapsed_s", seconds)
                .add("messages_per_s", total / seconds);
        latencies.addTo(line);
        serverCpu.addTo(line, total);
        verdicts.addTo(line);
        return new Report(line, finished && verdicts.clean());
    }

    /** How many of a publisher's {@code count} messages go to {@code channel}: those j with (publisher + j) mod K = channel. */
    static int messagesTo(int channel, int publisher, int count, int channels) {
        int first = Math.floorMod(channel - publisher, channels);
        return first < count ? (count - 1 - first) / channels + 1 : 0;
    }

    private static void post(BenchRun run, Lane lane, int publisher, int sequence, int count, int firstIndex,
            AtomicLongArray postedAt, CompletableFuture<Void> done) {
        if (sequence >= count || run.pastDeadline()) {
            done.complete(null);
            return;
        }
        int channels = run.options().channels();
        int channel = (publisher + sequence) % channels;
        String description = "POST " + run.publisherPath(channel);
        postedAt.set(firstIndex + sequence, System.nanoTime());
        byte[] body = new SequenceBody(channel, publisher, sequence).toBytes(run.options().size());
        lane.send(run.client().post(run.publisherPath(channel), body)).whenComplete((answer, failure) -> {
            if (failure != null) {
                run.outcomes().failed(description, failure);
                done.complete(null);
            }
            else {
                if (answer.isSuccess()) {
                    run.outcomes().answered();
                }
                else {
                    run.outcomes().unexpected(description, answer);
                }
                post(run, lane, publisher, sequence + 1, count, firstIndex, postedAt, done);
            }
        });
    }
}
