package org.hbpush.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of long polls held, published through for several rounds, half of them dropped
 * without a goodbye and replaced: afterwards the node is back to idle. No held request,
 * subscriber, per-channel entry or place under max_waiting_subscribers is left behind, and the
 * heap returns near where it started. Loopback only; bounded in connections and time.
 *
 * <p>Prints one SOAK line of figures (heap before, with the polls held, after; counts).
 */
class SoakIT {
    private static final int CHANNELS = 100;
    private static final int POLLS = 3_000;
    private static final int ROUNDS = 5;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    /** Generous: the measure is of a leak of 3,000 requests (tens of MB), not of a few objects. */
    private static final long HEAP_MARGIN_BYTES = 32L * 1024 * 1024;

    private RunningServer server;
    private TestHttp http;
    private final List<RawHttpConnection> connections = new ArrayList<>();

    @BeforeEach
    void start() {
        // The limit is exactly the number of polls: a place not given back would refuse one of them.
        server = RunningServer.withYaml("max_waiting_subscribers: " + POLLS + "\n" + """
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /sub/
                  - type: publisher
                    prefix: /pub/
                  - type: stats
                    prefix: /stats
                  - type: metrics
                    prefix: /metrics
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        connections.forEach(RawHttpConnection::close);
        server.close();
    }

    @Test
    @DisplayName("3,000 long polls, 5 rounds, half dropped abruptly and replaced: counts, stats and heap return to idle")
    void returnsToIdle() {
        long heapBefore = heapAfterGc();

        for (int channel = 0; channel < CHANNELS; channel++) {
            assertThat(http.put(channelPath("/pub/", channel)).statusCode()).isEqualTo(200);
        }
        for (int poll = 0; poll < POLLS; poll++) {
            RawHttpConnection connection = RawHttpConnection.open(server.port(), READ_TIMEOUT);
            connections.add(connection);
            connection.sendGet(channelPath("/sub/", channelOf(poll)));
        }
        awaitStats(POLLS, CHANNELS);
        long heapHeld = heapAfterGc();

        // Each round: one message per channel, every poll gets its channel's, then polls again.
        List<String[]> positions = new ArrayList<>();
        for (int poll = 0; poll < POLLS; poll++) {
            positions.add(new String[0]);
        }
        for (int round = 1; round <= ROUNDS; round++) {
            publishRound(round);
            for (int poll = 0; poll < POLLS; poll++) {
                RawHttpConnection.Answer answer = connections.get(poll).readAnswer();
                assertThat(answer.status()).as("round %d, poll %d", round, poll).isEqualTo(200);
                assertThat(answer.body()).as("round %d, poll %d", round, poll).isEqualTo(message(round, channelOf(poll)));
                positions.set(poll, answer.nextAfter());
                connections.get(poll).sendGet(channelPath("/sub/", channelOf(poll)), positions.get(poll));
            }
            awaitStats(POLLS, CHANNELS);
        }
        // Held again after several requests on each connection: what a long-lived subscriber costs.
        long heapHeldAfterRounds = heapAfterGc();

        // Half the clients vanish without a goodbye (a reset, as a crashed client or a lost network)...
        for (int poll = 0; poll < POLLS; poll += 2) {
            connections.get(poll).abort();
        }
        // poll p waits on channel p % 100: the even polls were all those of the even channels
        awaitStats(POLLS / 2, CHANNELS / 2);
        // ... and come back on new connections: under a limit of exactly POLLS, each must find its place again.
        for (int poll = 0; poll < POLLS; poll += 2) {
            RawHttpConnection connection = RawHttpConnection.open(server.port(), READ_TIMEOUT);
            connections.set(poll, connection);
            connection.sendGet(channelPath("/sub/", channelOf(poll)), positions.get(poll));
        }
        awaitStats(POLLS, CHANNELS);

        int last = ROUNDS + 1;
        publishRound(last);
        for (int poll = 0; poll < POLLS; poll++) {
            RawHttpConnection.Answer answer = connections.get(poll).readAnswer();
            assertThat(answer.status()).as("last round, poll %d", poll).isEqualTo(200);
            assertThat(answer.body()).as("last round, poll %d", poll).isEqualTo(message(last, channelOf(poll)));
            connections.get(poll).close();
        }
        awaitStats(0, 0);
        for (int channel = 0; channel < CHANNELS; channel++) {
            assertThat(http.delete(channelPath("/pub/", channel)).statusCode()).isEqualTo(200);
        }
        connections.clear();

        // Every poll of the last round got its message, the replacements included: none was refused.
        String stats = http.get("/stats").body();
        assertThat(number(stats, "messages delivered")).as("deliveries counted:%n%s", stats)
                .isEqualTo((long) POLLS * (ROUNDS + 1));
        // The dropped clients left held polls: 499 each, never a server error.
        assertThat(number(stats, "answers 5xx")).as("server errors:%n%s", stats).isZero();
        PrometheusScrape metrics = PrometheusScrape.parse(http.get("/metrics").body());
        assertThat(metrics.value("hbpush_waiting_subscribers", "store", "default")).as("held polls gauge").isZero();
        assertThat(metrics.value("hbpush_waiting_channels", "store", "default")).as("channels with held polls gauge").isZero();
        assertThat(metrics.value("hbpush_store_channels", "store", "default")).as("channels left in the store").isZero();
        assertThat(metrics.value("hbpush_http_requests_total", "location", "/sub/", "type", "subscriber", "status", "499"))
                .as("the dropped polls").isEqualTo(POLLS / 2);
        assertThat(metrics.value("hbpush_messages_delivered_total", "location", "/sub/", "store", "default"))
                .isEqualTo((double) POLLS * (ROUNDS + 1));

        long heapAfter = heapAfterGc();
        System.out.printf("SOAK polls=%d channels=%d rounds=%d dropped=%d heap_before_mb=%.1f heap_held_mb=%.1f "
                        + "heap_per_held_poll_bytes=%d heap_per_held_poll_after_rounds_bytes=%d heap_after_mb=%.1f answers_5xx=%d%n",
                POLLS, CHANNELS, ROUNDS + 1, POLLS / 2, megabytes(heapBefore), megabytes(heapHeld),
                (heapHeld - heapBefore) / POLLS, (heapHeldAfterRounds - heapBefore) / POLLS, megabytes(heapAfter),
                number(stats, "answers 5xx"));
        assertThat(heapAfter).as("heap after the soak (before: %.1f MB), within %d MB of it", megabytes(heapBefore),
                HEAP_MARGIN_BYTES / 1024 / 1024).isLessThanOrEqualTo(heapBefore + HEAP_MARGIN_BYTES);
    }

    /** One message per channel; 201: somebody was waiting on each. */
    private void publishRound(int round) {
        for (int channel = 0; channel < CHANNELS; channel++) {
            HttpResponse<String> posted = http.post(channelPath("/pub/", channel), "text/plain", message(round, channel));
            assertThat(posted.statusCode()).as("round %d, channel %d", round, channel).isEqualTo(201);
        }
    }

    /** Waits until the stats location shows the node holding {@code polls} on {@code channels} channels. */
    private void awaitStats(int polls, int channels) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        String stats = "";
        while (System.nanoTime() < deadline) {
            stats = http.get("/stats").body();
            if (number(stats, "waiting subscribers") == polls && number(stats, "channels with waiting subscribers") == channels) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("expected " + polls + " waiting subscribers on " + channels + " channels within "
                + SETTLE_TIMEOUT + "; last stats:\n" + stats);
    }

    private static long number(String stats, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + ": (\\d+)$").matcher(stats);
        assertThat(matcher.find()).as("%s in the stats:%n%s", name, stats).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static int channelOf(int poll) {
        return poll % CHANNELS;
    }

    private static String channelPath(String prefix, int channel) {
        return prefix + "soak-" + channel;
    }

    private static String message(int round, int channel) {
        return "round " + round + " on channel " + channel;
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int collection = 0; collection < 3; collection++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double megabytes(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
