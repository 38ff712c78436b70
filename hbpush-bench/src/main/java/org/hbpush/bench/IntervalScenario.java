package org.hbpush.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;


/**
 * {@code interval}: one message is posted to each of K channels, then C connections GET their
 * channel with that message's validators for D seconds: every answer must be 304 Not Modified.
 * Point {@code --subscriber-prefix} at an interval-polling location. Reports requests/s and latency.
 */
final class IntervalScenario implements Scenario {
    @Override
    public Report run(BenchRun run) throws BenchException {
        BenchOptions options = run.options();
        int channels = options.channels();
        run.createChannels(channels);
        List<Validators> newest = new ArrayList<>();
        for (int channel = 0; channel < channels; channel++) {
            String post = "POST " + run.publisherPath(channel);
            Answer posted = run.await(run.client().send(run.client().post(run.publisherPath(channel),
                    new SequenceBody(channel, 0, 0).toBytes(options.size()))), post);
            if (!posted.isSuccess()) {
                run.outcomes().unexpected(post, posted);
                throw new BenchException("could not post to " + run.publisherPath(channel));
            }
            String get = "GET " + run.subscriberPath(channel);
            Answer message = run.await(run.client().send(run.client().get(run.subscriberPath(channel), Optional.empty())), get);
            if (message.status() != 200 || message.validators().isEmpty()) {
                run.outcomes().unexpected(get, message);
                throw new BenchException("could not read the newest message of " + run.subscriberPath(channel));
            }
            newest.add(message.validators().get());
        }
        List<Lane> lanes = run.await(run.client().connectedLanes(options.connections()), "connecting");
        TimedLoad.Measurement measurement = TimedLoad.run(run, lanes, new TimedLoad.Step() {
            @Override
            public WireRequest request(int lane, long iteration) {
                int channel = lane % channels;
                return run.client().get(run.subscriberPath(channel), Optional.of(newest.get(channel)));
            }

            @Override
            public boolean isExpected(Answer answer) {
                return answer.status() == 304;
            }
        });
        lanes.forEach(Lane::close);
        ResultLine line = new ResultLine("interval")
                .add("connections", options.connections())
                .add("channels", channels)
                .add("duration_s", measurement.seconds())
                .add("requests", measurement.completed())
                .add("requests_per_s", measurement.perSecond());
        measurement.latencies().addTo(line);
        measurement.serverCpu().addTo(line, measurement.completed());
        return new Report(line, measurement.completed() > 0);
    }
}
