package org.hbpush.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code fanout}: S long-polling subscribers spread over K channels are held, then R rounds each post
 * one message to every channel; the next round starts once every subscriber has the last one.
 * Reports deliveries/s (from the first POST to the last delivery), the publish-to-delivery latency
 * and, per subscriber, lost, duplicated and reordered messages. Warm-up rounds come first: checked
 * like the others, but neither timed nor counted, so that the JIT compilers of the tool (and of a
 * JVM server) are done with the delivery path before the measurement starts.
 */
final class FanoutScenario implements Scenario {
    @Override
    public Report run(BenchRun run) throws BenchException {
        BenchOptions options = run.options();
        int channels = Math.min(options.channels(), options.subscribers());
        int subscribers = options.subscribers();
        int warmupRounds = options.warmupRounds();
        int rounds = warmupRounds + options.rounds();
        run.createChannels(channels);

        AtomicLongArray postedAt = new AtomicLongArray(channels * rounds);
        Latencies latencies = new Latencies();
        LongAdder deliveries = new LongAdder();
        AtomicLong lastDelivery = new AtomicLong();
        List<AtomicInteger> waitingForRound = new ArrayList<>();
        List<CompletableFuture<Void>> roundDelivered = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            waitingForRound.add(new AtomicInteger(subscribers));
            roundDelivered.add(new CompletableFuture<>());
        }

        List<Lane> lanes = run.await(run.client().connectedLanes(subscribers), "connecting " + subscribers + " subscribers");
        List<FollowingSubscriber> following = new ArrayList<>();
        for (int index = 0; index < subscribers; index++) {
            int channel = index % channels;
            following.add(new FollowingSubscriber(run, lanes.get(index), channel, new DeliveryLedger(new int[] {rounds}), message -> {
                int round = message.sequence();
                if (round < 0 || round >= rounds) {
                    return;
                }
                if (round >= warmupRounds) {
                    latencies.recordSince(postedAt.get(message.channel() * rounds + round));
                    deliveries.increment();
                    lastDelivery.accumulateAndGet(System.nanoTime(), Math::max);
                }
                if (waitingForRound.get(round).decrementAndGet() == 0) {
                    roundDelivered.get(round).complete(null);
                }
            }));
        }
        following.forEach(FollowingSubscriber::start);
        run.awaitWaitingSubscribers(channels, subscribers);

        ServerCpu serverCpu = new ServerCpu(options.pid());
        long start = System.nanoTime();
        boolean finished = true;
        for (int round = 0; round < rounds && finished; round++) {
            if (round == warmupRounds) {
                serverCpu.start();
                start = System.nanoTime();
            }
            List<CompletableFuture<Answer>> posts = new ArrayList<>();
            long now = System.nanoTime();
            for (int channel = 0; channel < channels; channel++) {
                postedAt.set(channel * rounds + round, now);
                posts.add(run.client().send(run.client().post(run.publisherPath(channel),
                        new SequenceBody(channel, 0, round).toBytes(options.size()))));
            }
            for (int channel = 0; channel < channels; channel++) {
                String post = "POST " + run.publisherPath(channel);
                Answer answer = run.await(posts.get(channel), post);
                if (answer.isSuccess()) {
                    run.outcomes().answered();
                }
                else {
                    run.outcomes().unexpected(post, answer);
                }
            }
            finished = run.awaitQuietly(roundDelivered.get(round));
        }
        run.awaitQuietly(CompletableFuture.allOf(following.stream().map(FollowingSubscriber::done).toArray(CompletableFuture[]::new)));
        serverCpu.stop();
        if (!finished) {
            run.err().println("hbpush-bench: fanout stopped at --timeout before every round was delivered");
        }
        lanes.forEach(Lane::close);

        double seconds = Math.max(1, lastDelivery.get() - start) / 1e9;
        Verdicts verdicts = Verdicts.of(following);
        ResultLine line = new ResultLine("fanout")
                .add("subscribers", subscribers)
                .add("channels", channels)
                .add("rounds", options.rounds())
                .add("warmup_rounds", warmupRounds)
                .add("size", options.size())
                .add("deliveries", deliveries.sum())
                .add("elapsed_s", seconds)
                .add("deliveries_per_s", deliveries.sum() / seconds);
        latencies.addTo(line);
        serverCpu.addTo(line, deliveries.sum());
        verdicts.addTo(line);
        return new Report(line, finished && verdicts.clean());
    }
}
