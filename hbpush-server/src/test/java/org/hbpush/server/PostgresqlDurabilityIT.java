package org.hbpush.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.hbpush.testing.PostgresqlServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages outlive hbpushd and PostgreSQL restarts; PostgreSQL down is 503, and back up serves again. */
class PostgresqlDurabilityIT {
    private static final String DATABASE = "hbpush_durability";
    private static final String LOCATIONS = """
            locations:
              - type: subscriber
                prefix: /sub/
              - type: subscriber
                prefix: /poll/
                polling: interval
              - type: publisher
                prefix: /pub/
            """;
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static PostgresqlServerProcess postgresql;

    private final String channel = "durable-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final List<RunningServer> servers = new ArrayList<>();

    @BeforeAll
    static void startPostgresql() {
        postgresql = PostgresqlServerProcess.start();
        postgresql.createDatabase(DATABASE);
    }

    @AfterAll
    static void stopPostgresql() {
        if (postgresql != null) {
            postgresql.close();
        }
    }

    @AfterEach
    void stopServers() {
        servers.forEach(RunningServer::close);
        postgresql.startAgain();
    }

    @Test
    @DisplayName("after hbpushd restarts on the same database, the old messages are read and ids go on")
    void messagesOutliveHbpushd() {
        RunningServer first = startServer();
        List<HttpResponse<String>> posted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            posted.add(first.http().post("/pub/" + channel, "text/plain", "before restart " + i));
            assertThat(posted.get(i).statusCode()).isEqualTo(202);
        }
        first.stop();

        RunningServer second = startServer();
        assertThat(second.http().get("/pub/" + channel).body()).contains("queued messages: 3");
        List<String> bodies = new ArrayList<>();
        HttpResponse<String> message = second.http().get("/poll/" + channel);
        while (message.statusCode() == 200) {
            bodies.add(message.body());
            message = second.http().get("/poll/" + channel, TestHttp.nextAfter(message));
        }
        assertThat(message.statusCode()).isEqualTo(304);
        assertThat(bodies).containsExactly("before restart 0", "before restart 1", "before restart 2");

        HttpResponse<String> after = second.http().post("/pub/" + channel, "text/plain", "after restart");
        assertThat(after.statusCode()).isEqualTo(202);
        assertThat(after.body()).contains("queued messages: 4");
        HttpResponse<String> last = second.http().get("/poll/" + channel, TestHttp.nextAfter(lastMessage(second)));
        assertThat(last.statusCode()).as("the id of a new message follows the old ones").isEqualTo(304);
    }

    @Test
    @DisplayName("PostgreSQL down: 503 with a reason; back up: served again without a restart, and a subscriber loses nothing")
    void postgresqlRestart() throws Exception {
        RunningServer server = startServer();
        assertThat(server.http().post("/pub/" + channel, "text/plain", "before").statusCode()).isEqualTo(202);
        HttpResponse<String> before = server.http().get("/sub/" + channel);
        assertThat(before.body()).isEqualTo("before");
        // A long poll held across the outage.
        CompletableFuture<HttpResponse<String>> held = server.http().getAsync("/sub/" + channel, TestHttp.nextAfter(before));
        server.http().awaitWaitingSubscribers("/pub/" + channel, 1);

        postgresql.stop();
        HttpResponse<String> down = server.http().post("/pub/" + channel, "text/plain", "lost");
        assertThat(down.statusCode()).as("PostgreSQL down: 503").isEqualTo(503);
        assertThat(down.body()).as("503 with a one-line reason").contains("the store is unavailable: postgresql://").doesNotContain("\n\n");
        assertThat(server.http().get("/poll/" + channel, TestHttp.nextAfter(before)).statusCode()).isEqualTo(503);
        assertThat(server.http().get("/pub/" + channel).statusCode()).isEqualTo(503);

        postgresql.startAgain();
        HttpResponse<String> after = awaitAnswer(() -> server.http().post("/pub/" + channel, "text/plain", "after"),
                answer -> answer.statusCode() != 503, "a post once PostgreSQL is back");
        assertThat(after.statusCode()).as("served again without restarting hbpushd").isIn(201, 202);

        // The held long poll gets the message, or a 503 if it read the store too early; the
        // subscriber then polls again with its last id and must still get it.
        HttpResponse<String> heldAnswer = held.get(30, TimeUnit.SECONDS);
        assertThat(heldAnswer.statusCode()).isIn(200, 503);
        HttpResponse<String> received = heldAnswer.statusCode() == 200 ? heldAnswer
                : awaitAnswer(() -> server.http().get("/sub/" + channel, TestHttp.nextAfter(before)),
                        answer -> answer.statusCode() != 503, "a long poll once PostgreSQL is back");
        assertThat(received.statusCode()).isEqualTo(200);
        assertThat(received.body()).as("no message is lost for a subscriber that polls again with its last id").isEqualTo("after");
        assertThat(server.http().get("/poll/" + channel, TestHttp.nextAfter(received)).statusCode()).isEqualTo(304);
        assertThat(server.http().get("/pub/" + channel).body()).contains("queued messages: 2");
    }

    private RunningServer startServer() {
        RunningServer server = RunningServer.withYaml(PostgresqlStoreYaml.store(postgresql, DATABASE) + LOCATIONS, RunningServer.TEST_PLUGINS);
        servers.add(server);
        return server;
    }

    private HttpResponse<String> lastMessage(RunningServer server) {
        HttpResponse<String> message = server.http().get("/poll/" + channel);
        HttpResponse<String> next = server.http().get("/poll/" + channel, TestHttp.nextAfter(message));
        while (next.statusCode() == 200) {
            message = next;
            next = server.http().get("/poll/" + channel, TestHttp.nextAfter(message));
        }
        return message;
    }

    /** Repeats a request until its answer is accepted, for at most {@link #RECOVERY}, a little apart. */
    private static HttpResponse<String> awaitAnswer(Supplier<HttpResponse<String>> request, Predicate<HttpResponse<String>> accepted, String what) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        HttpResponse<String> answer = request.get();
        while (!accepted.test(answer)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " still answers " + answer.statusCode() + " " + answer.body() + " after " + RECOVERY);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            answer = request.get();
        }
        return answer;
    }
}
