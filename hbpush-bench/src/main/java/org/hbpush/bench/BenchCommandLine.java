package org.hbpush.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code hbpush-bench SCENARIO [--option value | --option=value]...} into {@link BenchOptions}.
 */
final class BenchCommandLine {
    static final String HELP = """
            Usage: hbpush-bench SCENARIO [options]

            A load tool for servers of the Basic HTTP Push Relay Protocol (hbpushd, Nchan, ...).
            Every run is bounded in count and time, prints a progress line on standard error
            while it lasts and exactly one line on standard output:
              RESULT scenario=... key=value ... ok=true|false
            Exit status: 0 when every answer was as the protocol says and nothing was lost,
            duplicated or reordered; 1 otherwise (or when --timeout struck); 2 for a bad command line.

            Scenarios:
              publish   C connections POST to K channels for D seconds
                        -> messages/s, latency p50/p90/p99/p99.9/max
              interval  C connections GET a channel at its newest message (a 304 each; point
                        --subscriber-prefix at an interval-polling location) -> requests/s, latency
              fanout    S long polls over K channels, R rounds of one POST per channel (the next
                        round once the last is delivered), each subscriber polling again with the
                        validators it got -> deliveries/s, publish-to-delivery latency,
                        lost/duplicated/reordered (must be 0)
              chain     F followers per channel on K channels, P publishers posting N messages per
                        channel as fast as they can -> elapsed, messages/s, end-to-end latency,
                        lost/duplicated/reordered (must be 0)
              idle      S held long polls over K channels, nothing posted -> the server's RSS per
                        held poll (--pid: the server process; its children are counted too)

            Options (default):
              --url URL                 server (http://127.0.0.1:8080)
              --publisher-url URL       server the publishers use (--url); another node of the
                                        same cluster measures delivery from node to node
              --publisher-prefix PATH   publisher location prefix (/publisher/)
              --subscriber-prefix PATH  subscriber location prefix (/subscriber/)
              --create put|none         create channels with PUT first (put); use none for Nchan,
                                        whose PUT posts an empty message
              --channels K              channels (1)
              --connections C           publish, interval: connections (16)
              --subscribers S           fanout, idle: long polls (1000)
              --rounds R                fanout: rounds (10)
              --warmup-rounds W         fanout: rounds before the measured ones, checked for loss
                                        and order but not measured (0)
              --followers F             chain: followers per channel (3)
              --publishers P            chain: publishers (4)
              --messages N              chain: messages per channel (1000)
              --size B                  body bytes of posted messages (64)
              --duration SECONDS        publish, interval: measured time (10)
              --warmup SECONDS          publish, interval: load before measuring (1)
              --hold SECONDS            idle: hold the polls this long before reading RSS (3)
              --pid PID                 the server process: idle reads its RSS (and its children's),
                                        the other scenarios its CPU time while measuring
                                        (server_cpu_s, server_cpu_us_per_op); without it, neither
              --timeout SECONDS         hard bound on the whole run (120)
              --progress SECONDS        progress line interval on standard error; 0 for none (2)
              --help                    print this and exit

            On a small machine the tool shares the cores with the server and may be the limit of
            the throughput; server_cpu_us_per_op (with --pid) is then the fairer comparison.

            Every subscriber, follower and connection is one TCP connection of a non-blocking
            client (no thread each). Holding S polls needs S file descriptors here and S on the
            server: raise the limit first, e.g. `ulimit -n 65536`, on both sides. Channels get
            fresh random names on each run, so runs do not see each other's messages.

            Examples:
              hbpush-bench publish --connections 16 --channels 16 --size 64 --duration 10
              hbpush-bench fanout --subscribers 10000 --channels 1 --rounds 10
              hbpush-bench chain --channels 10 --followers 3 --publishers 4 --messages 20000
              hbpush-bench idle --subscribers 10000 --pid "$(pgrep -f org.hbpush.server.Main)"
              hbpush-bench interval --connections 64 --subscriber-prefix /interval/
            """;

    private static final Set<String> OPTIONS = Set.of(
            "url", "publisher-url", "publisher-prefix", "subscriber-prefix", "create", "channels", "connections", "subscribers",
            "rounds", "warmup-rounds", "followers", "publishers", "messages", "size", "duration", "warmup", "hold", "pid",
            "timeout", "progress");

    private BenchCommandLine() {
    }

    /** The options of {@code args}; {@code --help} is the caller's to notice first. */
    static BenchOptions parse(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("no scenario given");
        }
        ScenarioName scenario = ScenarioName.fromCommandName(args.get(0))
                .orElseThrow(() -> new UsageException("unknown scenario \"" + args.get(0) + "\" (publish, interval, fanout, chain or idle)"));
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String argument = args.get(i);
            if (!argument.startsWith("--")) {
                throw new UsageException("unexpected argument \"" + argument + "\"");
            }
            String name = argument.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            else if (i + 1 < args.size()) {
                value = args.get(++i);
            }
            else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (!OPTIONS.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            values.put(name, value);
        }
        Options options = new Options(values);
        String create = options.text("create", "put");
        if (!create.equals("put") && !create.equals("none")) {
            throw new UsageException("--create must be put or none, not \"" + create + "\"");
        }
        return new BenchOptions(
                scenario,
                options.url("url", "http://127.0.0.1:8080"),
                options.url("publisher-url", options.text("url", "http://127.0.0.1:8080")),
                options.prefix("publisher-prefix", "/publisher/"),
                options.prefix("subscriber-prefix", "/subscriber/"),
                create.equals("put"),
                options.count("channels", 1, 1),
                options.count("connections", 16, 1),
                options.count("subscribers", 1000, 1),
                options.count("rounds", 10, 1),
                options.count("warmup-rounds", 0, 0),
                options.count("followers", 3, 1),
                options.count("publishers", 4, 1),
                options.count("messages", 1000, 1),
                options.count("size", 64, 1),
                options.seconds("duration", 10, false),
                options.seconds("warmup", 1, true),
                options.seconds("hold", 3, true),
                options.has("pid") ? Optional.of((long) options.count("pid", 0, 1)) : Optional.empty(),
                options.seconds("timeout", 120, false),
                options.seconds("progress", 2, true));
    }

    /** The option values given, read with their defaults and checked. */
    private static final class Options {
        private final Map<String, String> values;

        Options(Map<String, String> values) {
            this.values = Map.copyOf(values);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String text(String name, String defaultValue) {
            return values.getOrDefault(name, defaultValue);
        }

        int count(String name, int defaultValue, int min) throws UsageException {
            if (!has(name)) {
                return defaultValue;
            }
            try {
                int value = Integer.parseInt(values.get(name));
                if (value < min) {
                    throw new UsageException("--" + name + " must be at least " + min + ", not " + value);
                }
                return value;
            }
            catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a whole number, not \"" + values.get(name) + "\"");
            }
        }

        Duration seconds(String name, double defaultValue, boolean zeroAllowed) throws UsageException {
            double value = defaultValue;
            if (has(name)) {
                try {
                    value = Double.parseDouble(values.get(name));
                }
                catch (NumberFormatException e) {
                    throw new UsageException("--" + name + " must be a number of seconds, not \"" + values.get(name) + "\"");
                }
            }
            if (value < 0 || value == 0 && !zeroAllowed || Double.isNaN(value) || value > 86_400) {
                throw new UsageException("--" + name + " must be " + (zeroAllowed ? "0" : "more than 0") + " to 86400 seconds, not " + value);
            }
            return Duration.ofMillis(Math.round(value * 1000));
        }

        String prefix(String name, String defaultValue) throws UsageException {
            String prefix = text(name, defaultValue);
            if (!prefix.startsWith("/")) {
                throw new UsageException("--" + name + " must start with /, not \"" + prefix + "\"");
            }
            return prefix;
        }

        URI url(String name, String defaultValue) throws UsageException {
            String text = text(name, defaultValue);
            try {
                URI url = new URI(text);
                if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) {
                    throw new UsageException("--" + name + " must be http://HOST[:PORT], not \"" + text + "\" (put paths in the prefixes)");
                }
                return new URI("http", null, url.getHost(), url.getPort() < 0 ? 80 : url.getPort(), null, null, null);
            }
            catch (URISyntaxException e) {
                throw new UsageException("--" + name + " is not a URL: " + e.getMessage());
            }
        }
    }
}
