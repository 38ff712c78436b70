package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Stats locations: this node's totals and current state, as text or JSON. */
class StatsTest {
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = RunningServer.withYaml("""
                store:
                  default:
                    type: memory
                  other:
                    type: memory
                locations:
                  - type: stats
                    prefix: /stats
                  - type: stats
                    url: /status/node
                  - type: publisher
                    prefix: /pub/
                  - type: subscriber
                    prefix: /sub/
                  - type: subscriber
                    prefix: /other/sub/
                    store: other
                  - type: publisher
                    prefix: /other/pub/
                    store: other
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("a fresh node counts nothing yet, in text by default")
    void freshNode() {
        HttpResponse<String> stats = http.get("/stats");

        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(stats.body()).matches("""
                uptime seconds: \\d+
                messages published: 0
                messages delivered: 0
                requests publisher: 0
                requests subscriber: 0
                requests health: 0
                requests stats: 0
                requests metrics: 0
                requests none: 0
                answers 4xx: 0
                answers 5xx: 0
                waiting subscribers: 0
                channels with waiting subscribers: 0
                store default \\(memory\\): 0 waiting subscribers, 0 channels
                store other \\(memory\\): 0 waiting subscribers, 0 channels
                """);
    }

    @Test
    @DisplayName("published and delivered messages, requests by location type, errors and held long polls")
    void countsTrafficAndState() throws Exception {
        assertThat(http.post("/pub/a", "text/plain", "one").statusCode()).isEqualTo(202);
        assertThat(http.post("/pub/a", "text/plain", "two").statusCode()).isEqualTo(202);
        assertThat(http.get("/sub/a").statusCode()).isEqualTo(200);
        assertThat(http.get("/sub/unknown").statusCode()).isEqualTo(404);
        assertThat(http.get("/nowhere").statusCode()).isEqualTo(404);

        String stats = awaitStats("/stats", body -> body.contains("requests none: 1"));
        assertThat(stats).contains("""
                messages published: 2
                messages delivered: 1
                requests publisher: 2
                requests subscriber: 2
                requests health: 0
                requests stats: 0
                requests metrics: 0
                requests none: 1
                answers 4xx: 2
                answers 5xx: 0
                waiting subscribers: 0
                """);

        assertThat(http.put("/other/pub/b").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> held = http.getAsync("/other/sub/b");
        http.awaitWaitingSubscribers("/other/pub/b", 1);
        assertThat(http.get("/stats").body()).contains("""
                waiting subscribers: 1
                channels with waiting subscribers: 1
                store default (memory): 0 waiting subscribers, 0 channels
                store other (memory): 1 waiting subscribers, 1 channels
                """);

        assertThat(http.post("/other/pub/b", "text/plain", "for the held one").statusCode()).isEqualTo(201);
        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        String after = awaitStats("/stats", body -> body.contains("messages delivered: 2"));
        assertThat(after).contains("messages published: 3\nmessages delivered: 2\n");
        assertThat(after).contains("waiting subscribers: 0\n");
    }

    @Test
    @DisplayName("JSON when Accept asks for it, with the same fields")
    void json() {
        assertThat(http.post("/pub/a", "text/plain", "one").statusCode()).isEqualTo(202);
        awaitStats("/stats", body -> body.contains("messages published: 1"));

        HttpResponse<String> stats = http.get("/status/node", "Accept", "application/json");

        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(stats.body()).matches("""
                \\{"uptime_seconds": \\d+, "messages_published": 1, "messages_delivered": 0, \
                "requests": \\{"publisher": 1, "subscriber": 0, "health": 0, "stats": 1, "metrics": 0, "none": 0\\}, \
                "answers_4xx": 0, "answers_5xx": 0, "waiting_subscribers": 0, "channels_with_waiting_subscribers": 0, \
                "stores": \\{"default": \\{"type": "memory", "waiting_subscribers": 0, "channels": 0\\}, \
                "other": \\{"type": "memory", "waiting_subscribers": 0, "channels": 0\\}\\}\\}
                """);
    }

    @Test
    @DisplayName("only the location's own path, only GET")
    void onlyItsPathAndGet() {
        HttpResponse<String> below = http.get("/stats/more");
        assertThat(below.statusCode()).isEqualTo(404);
        assertThat(below.body()).isEqualTo("the stats are at the location's prefix itself, not below it\n");

        HttpResponse<String> post = http.send("POST", "/stats");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    /** Requests are counted once Jetty has finished them, a moment after the client read the answer. */
    private String awaitStats(String path, Predicate<String> ready) {
        long deadline = System.nanoTime() + TestHttp.TIMEOUT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.get(path).body();
            if (ready.test(body)) {
                return body;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the stats never satisfied the condition; last:\n" + body);
    }
}
