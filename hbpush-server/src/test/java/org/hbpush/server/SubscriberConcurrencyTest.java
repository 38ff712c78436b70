package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** subscriber_concurrency: broadcast, last and first (protocol 3.1). */
class SubscriberConcurrencyTest {
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /broadcast/
                  - type: subscriber
                    prefix: /last/
                    subscriber_concurrency: last
                  - type: subscriber
                    prefix: /first/
                    subscriber_concurrency: first
                  - type: publisher
                    prefix: /pub/
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void lastAnswersTheOlderHeldSubscriber409() throws Exception {
        http.put("/pub/c");
        CompletableFuture<HttpResponse<String>> older = http.getAsync("/last/c");
        http.awaitWaitingSubscribers("/pub/c", 1);
        CompletableFuture<HttpResponse<String>> newer = http.getAsync("/last/c");

        HttpResponse<String> conflict = older.get(10, TimeUnit.SECONDS);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).isEqualTo("a newer subscriber took channel c (subscriber_concurrency: last)\n");
        http.awaitWaitingSubscribers("/pub/c", 1);
        assertThat(http.post("/pub/c", "text/plain", "for the newest").statusCode()).isEqualTo(201);
        assertThat(newer.get(10, TimeUnit.SECONDS).body()).isEqualTo("for the newest");
    }

    @Test
    void firstAnswersTheNewSubscriber409WhileOneIsHeld() throws Exception {
        http.put("/pub/c");
        CompletableFuture<HttpResponse<String>> first = http.getAsync("/first/c");
        http.awaitWaitingSubscribers("/pub/c", 1);

        HttpResponse<String> refused = http.get("/first/c");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).isEqualTo("channel c already has a subscriber (subscriber_concurrency: first)\n");

        http.post("/pub/c", "text/plain", "for the first");
        assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("for the first");
        http.awaitWaitingSubscribers("/pub/c", 0);
        CompletableFuture<HttpResponse<String>> next = http.getAsync("/first/c", TestHttp.nextAfter(first.get()));
        http.awaitWaitingSubscribers("/pub/c", 1);
        assertThat(next.isDone()).as("once the first is answered, a new one may be held").isFalse();
    }

    @Test
    void broadcastHoldsEverySubscriber() throws Exception {
        http.put("/pub/c");
        CompletableFuture<HttpResponse<String>> one = http.getAsync("/broadcast/c");
        CompletableFuture<HttpResponse<String>> two = http.getAsync("/broadcast/c");
        http.awaitWaitingSubscribers("/pub/c", 2);
        assertThat(http.post("/pub/c", "text/plain", "to both").statusCode()).isEqualTo(201);
        assertThat(one.get(10, TimeUnit.SECONDS).body()).isEqualTo("to both");
        assertThat(two.get(10, TimeUnit.SECONDS).body()).isEqualTo("to both");
    }
}
