package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.hbpush.testing.PostgresqlServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two hbpushd servers sharing one PostgreSQL database serve as one. */
class PostgresqlTwoNodesIT {
    private static final String DATABASE = "hbpush_two_nodes";
    private static final String LOCATIONS = """
            locations:
              - type: subscriber
                prefix: /sub/
              - type: subscriber
                prefix: /last/
                subscriber_concurrency: last
              - type: publisher
                prefix: /pub/
            """;
    private static final int CHAIN_LENGTH = 100;
    private static PostgresqlServerProcess postgresql;

    private final String channel = "two-nodes-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private RunningServer nodeA;
    private RunningServer nodeB;

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

    @BeforeEach
    void startNodes() {
        nodeA = RunningServer.withYaml(PostgresqlStoreYaml.store(postgresql, DATABASE) + LOCATIONS, RunningServer.TEST_PLUGINS);
        nodeB = RunningServer.withYaml(PostgresqlStoreYaml.store(postgresql, DATABASE) + LOCATIONS, RunningServer.TEST_PLUGINS);
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    @DisplayName("a message posted on A reaches the only subscriber, waiting on B, and A answers 201")
    void postOnAWakesWaiterOnB() throws Exception {
        assertThat(nodeA.http().put("/pub/" + channel).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> waiting = nodeB.http().getAsync("/sub/" + channel);
        nodeA.http().awaitWaitingSubscribers("/pub/" + channel, 1);

        HttpResponse<String> posted = nodeA.http().post("/pub/" + channel, "text/plain", "across nodes");
        assertThat(posted.statusCode()).as("201 when a subscriber waiting on any node got the message").isEqualTo(201);
        assertThat(posted.body()).contains("active subscribers: 1");
        HttpResponse<String> received = waiting.get(10, TimeUnit.SECONDS);
        assertThat(received.statusCode()).isEqualTo(200);
        assertThat(received.body()).isEqualTo("across nodes");
        assertThat(received.headers().firstValue("Content-Type")).hasValue("text/plain");

        nodeA.http().awaitWaitingSubscribers("/pub/" + channel, 0);
        assertThat(nodeA.http().post("/pub/" + channel, "text/plain", "nobody waits").statusCode())
                .as("202 once nobody waits on any node")
                .isEqualTo(202);
    }

    @Test
    @DisplayName("a DELETE on B answers 410 Gone to the subscriber waiting on A")
    void deleteOnBEndsWaiterOnA() throws Exception {
        assertThat(nodeB.http().put("/pub/" + channel).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> waiting = nodeA.http().getAsync("/sub/" + channel);
        nodeB.http().awaitWaitingSubscribers("/pub/" + channel, 1);

        assertThat(nodeB.http().delete("/pub/" + channel).statusCode()).isEqualTo(200);
        assertThat(waiting.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(410);
        assertThat(nodeA.http().get("/pub/" + channel).statusCode()).as("the channel is gone on every node").isEqualTo(404);
    }

    @Test
    @DisplayName("subscribers on A and B walk a chain of messages posted on A: no loss, no duplicate, no reordering")
    void chainWalkedOnBothNodes() throws Exception {
        assertThat(nodeA.http().put("/pub/" + channel).statusCode()).isEqualTo(200);
        ExecutorService walkers = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<List<String>> onA = CompletableFuture.supplyAsync(() -> walk(nodeA), walkers);
            CompletableFuture<List<String>> onB = CompletableFuture.supplyAsync(() -> walk(nodeB), walkers);
            List<String> posted = new ArrayList<>();
            for (int i = 0; i < CHAIN_LENGTH; i++) {
                String body = "message " + i;
                assertThat(nodeA.http().post("/pub/" + channel, "text/plain", body).statusCode()).isIn(201, 202);
                posted.add(body);
            }
            assertThat(onA.get(60, TimeUnit.SECONDS)).as("the subscriber on A gets every message once, in order").isEqualTo(posted);
            assertThat(onB.get(60, TimeUnit.SECONDS)).as("the subscriber on B gets every message once, in order").isEqualTo(posted);
        }
        finally {
            walkers.shutdownNow();
        }
    }

    /** Long-polls the channel on {@code node}, sending back each answer's validators, until the whole chain came. */
    private List<String> walk(RunningServer node) {
        List<String> bodies = new ArrayList<>();
        String[] next = {};
        while (bodies.size() < CHAIN_LENGTH) {
            HttpResponse<String> answer;
            try {
                answer = node.http().getAsync("/sub/" + channel, next).get(30, TimeUnit.SECONDS);
            }
            catch (Exception e) {
                throw new AssertionError("a long poll after " + bodies.size() + " messages did not answer", e);
            }
            assertThat(answer.statusCode()).as("long poll after %s messages", bodies.size()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Hbpush-Gap")).as("no message is dropped within the retention limits").isEmpty();
            bodies.add(answer.body());
            next = TestHttp.nextAfter(answer);
        }
        return bodies;
    }

    @Test
    @DisplayName("subscriber_concurrency last: a new subscriber held on B answers the older one held on A 409")
    void lastHoldsAcrossNodes() throws Exception {
        TestHttp a = nodeA.http();
        TestHttp b = nodeB.http();
        assertThat(a.put("/pub/" + channel).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> older = a.getAsync("/last/" + channel);
        b.awaitWaitingSubscribers("/pub/" + channel, 1);
        CompletableFuture<HttpResponse<String>> newer = b.getAsync("/last/" + channel);

        assertThat(older.get(10, TimeUnit.SECONDS).statusCode()).as("the older subscriber, on the other node, gives way").isEqualTo(409);
        a.awaitWaitingSubscribers("/pub/" + channel, 1);
        a.post("/pub/" + channel, "text/plain", "for the newest");
        assertThat(newer.get(10, TimeUnit.SECONDS).body()).isEqualTo("for the newest");
    }
}
