package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Publisher locations bound what channels keep: message_buffer_length, message_timeout, store_messages. */
class RetentionTest {
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /sub/
                    polling: interval
                  - type: subscriber
                    prefix: /long/
                  - type: publisher
                    prefix: /two/
                    message_buffer_length: 2
                  - type: publisher
                    prefix: /brief/
                    message_timeout: 1
                  - type: publisher
                    prefix: /live/
                    store_messages: false
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aChannelKeepsItsNewestMessagesAndASubscriberThatFellBehindIsToldOfTheGap() {
        http.post("/two/c", "text/plain", "one");
        HttpResponse<String> first = http.get("/sub/c");
        http.post("/two/c", "text/plain", "two");
        http.post("/two/c", "text/plain", "three");
        http.post("/two/c", "text/plain", "four");
        assertThat(http.get("/two/c").body()).startsWith("queued messages: 2\n");

        HttpResponse<String> afterGap = http.get("/sub/c", TestHttp.nextAfter(first));
        assertThat(afterGap.body()).as("\"two\" was dropped: the oldest kept comes next").isEqualTo("three");
        assertThat(afterGap.headers().firstValue("X-Hbpush-Gap")).hasValue("true");

        HttpResponse<String> next = http.get("/sub/c", TestHttp.nextAfter(afterGap));
        assertThat(next.body()).isEqualTo("four");
        assertThat(next.headers().firstValue("X-Hbpush-Gap")).isEmpty();
        assertThat(http.get("/sub/c").headers().firstValue("X-Hbpush-Gap")).as("no validators, no gap").isEmpty();
    }

    @Test
    void expiredMessagesGoWithoutARequestTouchingThem() throws InterruptedException {
        http.post("/brief/c", "text/plain", "short-lived");
        assertThat(http.get("/sub/c").statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String info = http.get("/brief/c").body();
        // Messages expire in real time: poll the channel information, bounded, until the message is gone.
        while (!info.startsWith("queued messages: 0") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            info = http.get("/brief/c").body();
        }
        assertThat(info).startsWith("queued messages: 0\n");
        assertThat(http.get("/sub/c").statusCode()).as("nothing left to read").isEqualTo(304);
    }

    @Test
    void withoutStorageOnlyWaitingSubscribersGetTheMessage() throws Exception {
        http.put("/live/c");
        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/long/c");
        http.awaitWaitingSubscribers("/live/c", 1);

        HttpResponse<String> posted = http.post("/live/c", "text/plain", "now or never");
        assertThat(posted.statusCode()).isEqualTo(201);
        assertThat(posted.body()).startsWith("queued messages: 0\n");
        assertThat(waiting.get(10, TimeUnit.SECONDS).body()).isEqualTo("now or never");
        assertThat(http.get("/sub/c").statusCode()).as("nothing was kept").isEqualTo(304);
    }
}
