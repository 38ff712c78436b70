package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two hbpushd servers with the same redis configuration serve as one. */
class RedisTwoNodesIT {
    private static final String LOCATIONS = """
            locations:
              - type: subscriber
                prefix: /subscriber/
                polling: interval
              - type: subscriber
                prefix: /long/
              - type: subscriber
                prefix: /last/
                subscriber_concurrency: last
              - type: publisher
                prefix: /publisher/
            """;
    private static RedisServerProcess redis;

    private RunningServer nodeA;
    private RunningServer nodeB;
    private TestHttp a;
    private TestHttp b;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startNodes() {
        String yaml = RedisStoreYaml.of(redis, RedisStoreYaml.newKeyPrefix("two-nodes")) + LOCATIONS;
        nodeA = RunningServer.withYaml(yaml, RunningServer.TEST_PLUGINS);
        nodeB = RunningServer.withYaml(yaml, RunningServer.TEST_PLUGINS);
        a = nodeA.http();
        b = nodeB.http();
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    @DisplayName("a message posted on A reaches the only subscriber, waiting on B, and A answers 201")
    void postOnAReachesTheWaiterOnB() throws Exception {
        assertThat(a.put("/publisher/news").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> waiting = b.getAsync("/long/news");
        a.awaitWaitingSubscribers("/publisher/news", 1);

        assertThat(a.post("/publisher/news", "text/plain", "from A").statusCode())
                .as("201: a subscriber waiting on another node got the message")
                .isEqualTo(201);
        HttpResponse<String> message = waiting.get(10, TimeUnit.SECONDS);
        assertThat(message.statusCode()).isEqualTo(200);
        assertThat(message.body()).isEqualTo("from A");
        assertThat(message.headers().firstValue("Content-Type")).hasValue("text/plain");
        a.awaitWaitingSubscribers("/publisher/news", 0);
        assertThat(a.post("/publisher/news", "text/plain", "nobody waits").statusCode()).isEqualTo(202);
    }

    @Test
    @DisplayName("a DELETE on B answers 410 to a subscriber waiting on A")
    void deleteOnBIsGoneOnA() throws Exception {
        assertThat(b.put("/publisher/doomed").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> waiting = a.getAsync("/long/doomed");
        b.awaitWaitingSubscribers("/publisher/doomed", 1);

        assertThat(b.delete("/publisher/doomed").statusCode()).isEqualTo(200);
        assertThat(waiting.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(410);
        assertThat(a.get("/publisher/doomed").statusCode()).as("the channel is gone on A too").isEqualTo(404);
    }

    @Test
    @DisplayName("the channel information on A counts the subscribers held on A and on B")
    void channelInformationCountsEveryNode() throws Exception {
        assertThat(a.put("/publisher/counted").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> onB = b.getAsync("/long/counted");
        b.awaitWaitingSubscribers("/publisher/counted", 1);
        assertThat(a.get("/publisher/counted").body()).contains("active subscribers: 1");

        CompletableFuture<HttpResponse<String>> onA = a.getAsync("/long/counted");
        a.awaitWaitingSubscribers("/publisher/counted", 2);
        assertThat(b.get("/publisher/counted").body()).contains("active subscribers: 2");

        HttpResponse<String> posted = b.post("/publisher/counted", "text/plain", "both");
        assertThat(posted.statusCode()).isEqualTo(201);
        assertThat(posted.body()).contains("active subscribers: 2");
        assertThat(onA.get(10, TimeUnit.SECONDS).body()).isEqualTo("both");
        assertThat(onB.get(10, TimeUnit.SECONDS).body()).isEqualTo("both");
    }

    @Test
    @DisplayName("200 messages posted on A while subscribers walk on A and B: each gets all, once, in order")
    void aChainOfMessagesReachesBothNodesInOrder() throws Exception {
        int count = 200;
        assertThat(a.put("/publisher/chain").statusCode()).isEqualTo(200);
        ExecutorService walkers = Executors.newFixedThreadPool(4);
        try {
            // Two walkers long-poll while the messages are posted; two walk afterwards by interval polling.
            CompletableFuture<List<String>> longOnA = CompletableFuture.supplyAsync(() -> walk(a, "/long/chain", count), walkers);
            CompletableFuture<List<String>> longOnB = CompletableFuture.supplyAsync(() -> walk(b, "/long/chain", count), walkers);
            List<String> posted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String body = "message " + i;
                int status = a.post("/publisher/chain", "text/plain", body).statusCode();
                assertThat(status).isIn(201, 202);
                posted.add(body);
            }
            assertThat(longOnA.get(60, TimeUnit.SECONDS)).as("a long-polling walker on A").isEqualTo(posted);
            assertThat(longOnB.get(60, TimeUnit.SECONDS)).as("a long-polling walker on B").isEqualTo(posted);
            assertThat(walk(a, "/subscriber/chain", count)).as("an interval-polling walker on A").isEqualTo(posted);
            assertThat(walk(b, "/subscriber/chain", count)).as("an interval-polling walker on B").isEqualTo(posted);
        }
        finally {
            walkers.shutdownNow();
        }
    }

    /** Walks the channel from its oldest message, sending back the validators of each answer, until it has {@code count}. */
    private static List<String> walk(TestHttp http, String path, int count) {
        List<String> bodies = new ArrayList<>();
        HttpResponse<String> message = http.get(path);
        while (true) {
            assertThat(message.statusCode()).as("a walker's request %s", bodies.size()).isEqualTo(200);
            assertThat(message.headers().firstValue("X-Hbpush-Gap")).as("no message is dropped").isEmpty();
            bodies.add(message.body());
            if (bodies.size() == count) {
                return bodies;
            }
            message = http.get(path, TestHttp.nextAfter(message));
        }
    }

    @Test
    @DisplayName("subscriber_concurrency last: a new subscriber held on B answers the older one held on A 409")
    void lastHoldsAcrossNodes() throws Exception {
        assertThat(a.put("/publisher/claimed").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> older = a.getAsync("/last/claimed");
        b.awaitWaitingSubscribers("/publisher/claimed", 1);
        CompletableFuture<HttpResponse<String>> newer = b.getAsync("/last/claimed");

        assertThat(older.get(10, TimeUnit.SECONDS).statusCode()).as("the older subscriber, on the other node, gives way").isEqualTo(409);
        a.awaitWaitingSubscribers("/publisher/claimed", 1);
        a.post("/publisher/claimed", "text/plain", "for the newest");
        assertThat(newer.get(10, TimeUnit.SECONDS).body()).isEqualTo("for the newest");
    }
}
