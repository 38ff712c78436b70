package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Defaults that keep browsers and proxies from breaking the protocol, and limits that protect the server. */
class HttpDefaultsTest {
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
                    prefix: /brief/
                    subscriber_timeout: 1
                  - type: publisher
                    prefix: /pub/
                    max_channel_id_length: 8
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void subscriberAnswersMustBeRevalidated() {
        http.post("/pub/cache", "text/plain", "x");
        HttpResponse<String> message = http.get("/sub/cache");
        assertThat(message.headers().firstValue("Cache-Control")).hasValue("no-cache");
        HttpResponse<String> notModified = http.get("/sub/cache", TestHttp.nextAfter(message));
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void aLongPollHeldPastTheSubscriberTimeoutIsAnswered304WithItsOwnValidators() throws Exception {
        http.post("/pub/timeout", "text/plain", "x");
        HttpResponse<String> message = http.get("/brief/timeout");
        CompletableFuture<HttpResponse<String>> held = http.getAsync("/brief/timeout", TestHttp.nextAfter(message));

        HttpResponse<String> timedOut = held.get(10, TimeUnit.SECONDS);
        assertThat(timedOut.statusCode()).isEqualTo(304);
        assertThat(timedOut.headers().firstValue("Etag")).isEqualTo(message.headers().firstValue("Etag"));
        assertThat(timedOut.headers().firstValue("Last-Modified")).isEqualTo(message.headers().firstValue("Last-Modified"));
        http.awaitWaitingSubscribers("/pub/timeout", 0);
    }

    @Test
    void aChannelIdLongerThanTheLimitIs414() {
        HttpResponse<String> tooLong = http.put("/pub/123456789");
        assertThat(tooLong.statusCode()).isEqualTo(414);
        assertThat(tooLong.body()).isEqualTo("the channel id is 9 bytes long, more than this location's max_channel_id_length of 8\n");
        assertThat(http.put("/pub/12345678").statusCode()).isEqualTo(200);
    }
}
