package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One run's settings, as {@link BenchCommandLine} reads them; each scenario uses the ones its help
 * lists.
 *
 * @param scenario what to run
 * @param url the server, {@code http://host:port}; subscribers poll it
 * @param publisherUrl the server publishers post to; {@code url} unless another node of the same cluster is measured
 * @param publisherPrefix path prefix of a publisher location, channel id appended
 * @param subscriberPrefix path prefix of a subscriber location (a long-polling one; interval polling for {@code interval})
 * @param createChannels whether to create the channels with PUT first (hbpushd: yes; Nchan: no, its PUT posts an empty message)
 * @param channels K, channels used
 * @param connections C, connections of publish and interval
 * @param subscribers S, long polls of fanout and idle
 * @param rounds R, rounds of fanout
 * @param warmupRounds rounds of fanout before the measured ones, checked but not measured
 * @param followers F, followers per channel of chain
 * @param publishers P, publishers of chain
 * @param messages N, messages per channel of chain
 * @param size body size in bytes
 * @param duration measured time of publish and interval
 * @param warmup load before the measured time of publish and interval
 * @param hold how long idle holds its polls before reading the memory again
 * @param pid the server process whose memory idle reads
 * @param timeout hard bound on the whole run
 * @param progress interval of the progress line on standard error (zero: none)
 */
record BenchOptions(
        ScenarioName scenario,
        URI url,
        URI publisherUrl,
        String publisherPrefix,
        String subscriberPrefix,
        boolean createChannels,
        int channels,
        int connections,
        int subscribers,
        int rounds,
        int warmupRounds,
        int followers,
        int publishers,
        int messages,
        int size,
        Duration duration,
        Duration warmup,
        Duration hold,
        Optional<Long> pid,
        Duration timeout,
        Duration progress) {

    BenchOptions {
        requireNonNull(scenario, "scenario is null");
        requireNonNull(url, "url is null");
        requireNonNull(publisherUrl, "publisherUrl is null");
        requireNonNull(publisherPrefix, "publisherPrefix is null");
        requireNonNull(subscriberPrefix, "subscriberPrefix is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(warmup, "warmup is null");
        requireNonNull(hold, "hold is null");
        requireNonNull(pid, "pid is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(progress, "progress is null");
    }
}
