package org.hbpush.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * max_waiting_subscribers: a node holds at most that many long polls, over all its stores; one
 * more gets 503 with Retry-After, and every way a held poll ends gives its place back.
 */
class WaitingSubscriberLimitTest {
    private static final Pattern ACTIVE_SUBSCRIBERS = Pattern.compile("active subscribers: (\\d+)");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private RunningServer server;
    private TestHttp http;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(int max) {
        server = RunningServer.withYaml("max_waiting_subscribers: " + max + "\n" + """
                store:
                  a:
                    type: memory
                  b:
                    type: memory
                locations:
                  - type: subscriber
                    prefix: /sub-a/
                    store: a
                  - type: subscriber
                    prefix: /sub-b/
                    store: b
                  - type: subscriber
                    prefix: /interval-a/
                    store: a
                    polling: interval
                  - type: subscriber
                    prefix: /short-a/
                    store: a
                    subscriber_timeout: 1
                  - type: publisher
                    prefix: /pub-a/
                    store: a
                  - type: publisher
                    prefix: /pub-b/
                    store: b
                """);
        http = server.http();
    }

    @Test
    @DisplayName("past the limit, over all stores, a long poll gets 503 with Retry-After; messages and interval polls are still answered")
    void refusesTheOneTooManyAndReusesAFreedPlace() throws Exception {
        start(3);
        http.put("/pub-a/one");
        http.put("/pub-a/two");
        http.put("/pub-b/three");
        try (RawHttpConnection first = RawHttpConnection.open(server.port(), READ_TIMEOUT)) {
            first.sendGet("/sub-a/one");
            CompletableFuture<HttpResponse<String>> second = http.getAsync("/sub-a/two");
            CompletableFuture<HttpResponse<String>> third = http.getAsync("/sub-b/three");
            http.awaitWaitingSubscribers("/pub-a/one", 1);
            http.awaitWaitingSubscribers("/pub-a/two", 1);
            http.awaitWaitingSubscribers("/pub-b/three", 1);

            HttpResponse<String> fourth = http.get("/sub-b/three");
            assertThat(fourth.statusCode()).as("the fourth long poll with max_waiting_subscribers: 3").isEqualTo(503);
            assertThat(fourth.headers().firstValue("Retry-After")).as("Retry-After of the refused poll").hasValue("5");
            assertThat(fourth.body()).isEqualTo("this server holds 3 waiting subscribers, its most (max_waiting_subscribers); poll again later\n");
            assertThat(activeSubscribers("/pub-b/three")).as("the refused poll is not held").isEqualTo(1);

            assertThat(http.get("/interval-a/one").statusCode()).as("an interval poll holds nothing and is answered").isEqualTo(304);
            http.put("/pub-a/ready");
            assertThat(http.post("/pub-a/ready", "text/plain", "already here").statusCode()).isEqualTo(202);
            HttpResponse<String> available = http.get("/sub-a/ready");
            assertThat(available.statusCode()).as("a message already there is answered at the limit").isEqualTo(200);
            assertThat(available.body()).isEqualTo("already here");

            assertThat(http.post("/pub-a/one", "text/plain", "first").statusCode()).isEqualTo(201);
            RawHttpConnection.Answer delivered = first.readAnswer();
            assertThat(delivered.status()).isEqualTo(200);
            assertThat(delivered.body()).isEqualTo("first");
            // The next request on the connection is handled once the answered one has ended, place given back.
            first.sendGet("/sub-a/one", delivered.nextAfter());
            http.awaitWaitingSubscribers("/pub-a/one", 1);
            assertThat(http.get("/sub-b/three").statusCode()).as("full again with the freed place taken").isEqualTo(503);

            assertThat(http.post("/pub-a/two", "text/plain", "second").statusCode()).isEqualTo(201);
            assertThat(http.post("/pub-b/three", "text/plain", "third").statusCode()).isEqualTo(201);
            assertThat(second.get(10, TimeUnit.SECONDS).body()).isEqualTo("second");
            assertThat(third.get(10, TimeUnit.SECONDS).body()).isEqualTo("third");
        }
    }

    @Test
    @DisplayName("a poll that times out, whose channel is deleted or whose client leaves gives its place back")
    void everyEndGivesThePlaceBack() throws Exception {
        start(1);
        http.put("/pub-a/timed");
        http.put("/pub-a/deleted");
        http.put("/pub-a/left");
        try (RawHttpConnection client = RawHttpConnection.open(server.port(), READ_TIMEOUT)) {
            client.sendGet("/short-a/timed");
            http.awaitWaitingSubscribers("/pub-a/timed", 1);
            assertThat(http.get("/sub-a/deleted").statusCode()).as("full while the first poll waits").isEqualTo(503);
            assertThat(client.readAnswer().status()).as("subscriber_timeout: 1 ends the poll").isEqualTo(304);

            client.sendGet("/sub-a/deleted");
            http.awaitWaitingSubscribers("/pub-a/deleted", 1);
            assertThat(http.delete("/pub-a/deleted").statusCode()).isEqualTo(200);
            assertThat(client.readAnswer().status()).as("the channel was deleted").isEqualTo(410);

            client.sendGet("/sub-a/left");
            http.awaitWaitingSubscribers("/pub-a/left", 1);
        }
        // The client is gone: the place comes back once the server notices, which it does at once.
        CompletableFuture<HttpResponse<String>> next = awaitHeld("/sub-a/left", "/pub-a/left");
        assertThat(http.post("/pub-a/left", "text/plain", "to the next one").statusCode()).isEqualTo(201);
        assertThat(next.get(10, TimeUnit.SECONDS).body()).isEqualTo("to the next one");
    }

    /** Polls until one is held rather than refused (the server frees the place as it notices the client left). */
    private CompletableFuture<HttpResponse<String>> awaitHeld(String subscriberPath, String publisherPath) throws Exception {
        long deadline = System.nanoTime() + TestHttp.TIMEOUT.toNanos();
        // The poll of the client that left is counted until the server notices; else its count
        // would be taken for the new poll's, which may yet be refused.
        while (activeSubscribers(publisherPath) != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the poll of the client that left still counts on " + publisherPath);
            }
            Thread.onSpinWait();
        }
        while (System.nanoTime() < deadline) {
            CompletableFuture<HttpResponse<String>> poll = http.getAsync(subscriberPath);
            while (!poll.isDone() && activeSubscribers(publisherPath) != 1) {
                Thread.onSpinWait();
            }
            if (!poll.isDone()) {
                return poll;
            }
            assertThat(poll.get().statusCode()).as("a poll that is not held is refused for the limit").isEqualTo(503);
        }
        throw new AssertionError("no poll on " + subscriberPath + " was held within " + TestHttp.TIMEOUT);
    }

    private int activeSubscribers(String publisherPath) {
        HttpResponse<String> info = http.get(publisherPath);
        Matcher matcher = ACTIVE_SUBSCRIBERS.matcher(info.body());
        assertThat(info.statusCode()).as("channel information of %s", publisherPath).isEqualTo(200);
        assertThat(matcher.find()).as("active subscribers in %s", info.body()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
