package org.hbpush.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redis-server stops and starts again while hbpushd runs: requests get 503 with a reason
 * meanwhile, the server serves again by itself, held long polls keep waiting, and no message is
 * lost to a subscriber that polls again with its last validators.
 */
class RedisRestartIT {
    private static final Duration RECOVERY = Duration.ofSeconds(15);

    private RedisServerProcess redis;
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        server = RunningServer.withYaml(RedisStoreYaml.of(redis, RedisStoreYaml.newKeyPrefix("restart")) + """
                locations:
                  - type: subscriber
                    prefix: /subscriber/
                    polling: interval
                  - type: subscriber
                    prefix: /long/
                  - type: publisher
                    prefix: /publisher/
                """, RunningServer.TEST_PLUGINS);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
        redis.close();
    }

    @Test
    @DisplayName("while Redis is down requests get 503 with a reason; once it is back the server serves again")
    void unavailableThenServingAgain() {
        assertThat(http.post("/publisher/c", "text/plain", "before").statusCode()).isEqualTo(202);
        redis.stop();

        HttpResponse<String> post = http.post("/publisher/c", "text/plain", "while down");
        assertThat(post.statusCode()).isEqualTo(503);
        assertThat(post.body()).as("the reason names the redis server, not its password").contains("redis at 127.0.0.1:" + redis.port());
        assertThat(http.get("/publisher/c").statusCode()).isEqualTo(503);
        assertThat(http.get("/subscriber/c").statusCode()).isEqualTo(503);

        redis.startAgain();
        awaitServing();
        HttpResponse<String> info = http.get("/publisher/c");
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).as("what was acknowledged before the restart is still there").contains("queued messages: 1");
        assertThat(http.get("/subscriber/c").body()).isEqualTo("before");
    }

    @Test
    @DisplayName("a subscriber polling again with its last validators gets every message posted after it, also those posted while it was away")
    void aSubscriberMissesNothingAcrossARestart() {
        assertThat(http.post("/publisher/walk", "text/plain", "one").statusCode()).isEqualTo(202);
        HttpResponse<String> one = http.get("/subscriber/walk");
        assertThat(one.body()).isEqualTo("one");

        redis.stop();
        assertThat(http.get("/subscriber/walk", TestHttp.nextAfter(one)).statusCode()).isEqualTo(503);
        redis.startAgain();
        awaitServing();
        // Posted while the subscriber is still reconnecting.
        assertThat(http.post("/publisher/walk", "text/plain", "two").statusCode()).isEqualTo(202);
        assertThat(http.post("/publisher/walk", "text/plain", "three").statusCode()).isEqualTo(202);

        HttpResponse<String> two = http.get("/subscriber/walk", TestHttp.nextAfter(one));
        assertThat(two.body()).isEqualTo("two");
        HttpResponse<String> three = http.get("/subscriber/walk", TestHttp.nextAfter(two));
        assertThat(three.body()).isEqualTo("three");
        assertThat(http.get("/subscriber/walk", TestHttp.nextAfter(three)).statusCode()).isEqualTo(304);
    }

    @Test
    @DisplayName("a long poll held across the restart keeps waiting, and gets the first message posted after it")
    void aHeldLongPollKeepsWaiting() throws Exception {
        assertThat(http.post("/publisher/held", "text/plain", "one").statusCode()).isEqualTo(202);
        HttpResponse<String> one = http.get("/subscriber/held");
        CompletableFuture<HttpResponse<String>> held = http.getAsync("/long/held", TestHttp.nextAfter(one));
        http.awaitWaitingSubscribers("/publisher/held", 1);

        redis.stop();
        assertThat(http.post("/publisher/held", "text/plain", "refused").statusCode()).isEqualTo(503);
        redis.startAgain();
        awaitServing();
        assertThat(held).as("the held poll was not answered while Redis was away").isNotDone();

        HttpResponse<String> posted = http.post("/publisher/held", "text/plain", "two");
        assertThat(posted.statusCode()).as("the held subscriber is still counted: 201").isEqualTo(201);
        HttpResponse<String> message = held.get(10, TimeUnit.SECONDS);
        assertThat(message.statusCode()).isEqualTo(200);
        assertThat(message.body()).isEqualTo("two");
    }

    /** Waits, bounded, until a request that needs Redis succeeds again. */
    private void awaitServing() {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            status = http.put("/publisher/probe").statusCode();
            if (status == 200) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the server did not serve again within " + RECOVERY + " after Redis came back; last status " + status);
    }
}
