package org.hbpush.bench;

import java.util.List;


/**
 * {@code publish}: C connections POST messages of B bytes to K channels, each as soon as its last
 * answer came, for D seconds after a warm-up. Reports messages/s and the POST latency.
 */
final class PublishScenario implements Scenario {
    @Override
    public Report run(BenchRun run) throws BenchException {
        BenchOptions options = run.options();
        int channels = options.channels();
        run.createChannels(channels);
        List<Lane> lanes = run.await(run.client().connectedPublisherLanes(options.connections()), "connecting");
        TimedLoad.Measurement measurement = TimedLoad.run(run, lanes, new TimedLoad.Step() {
            @Override
            public WireRequest request(int lane, long iteration) {
                int channel = (int) ((lane + iteration) % channels);
                byte[] body = new SequenceBody(channel, lane, (int) iteration).toBytes(options.size());
                return run.client().post(run.publisherPath(channel), body);
            }

            @Override
            public boolean isExpected(Answer answer) {
                return answer.isSuccess();
            }
        });
        lanes.forEach(Lane::close);
        ResultLine line = new ResultLine("publish")
                .add("connections", options.connections())
                .add("channels", channels)
                .add("size", options.size())
                .add("duration_s", measurement.seconds())
                .add("messages", measurement.completed())
                .add("messages_per_s", measurement.perSecond());
        measurement.latencies().addTo(line);
        measurement.serverCpu().addTo(line, measurement.completed());
        return new Report(line, measurement.completed() > 0);
    }
}
