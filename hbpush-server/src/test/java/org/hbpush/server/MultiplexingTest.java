package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One subscriber request following several channels: /msub/a,b,c. */
class MultiplexingTest {
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /msub/
                    multiplex_separator: ","
                  - type: subscriber
                    prefix: /mint/
                    polling: interval
                    multiplex_separator: ","
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
    void aCompoundEtagWalksEveryChannelOfTheSetWithNoLossOrDuplicate() {
        for (String channel : List.of("a", "b", "c")) {
            http.put("/pub/" + channel);
        }
        http.post("/pub/b", "text/plain", "b1");
        http.post("/pub/a", "text/plain", "a1");
        http.post("/pub/b", "text/plain", "b2");

        List<String> walked = new ArrayList<>();
        HttpResponse<String> answer = http.get("/mint/a,b,c");
        while (answer.statusCode() == 200) {
            walked.add(answer.body());
            assertThat(answer.headers().firstValue("X-Hbpush-Channel")).hasValue(answer.body().substring(0, 1));
            answer = http.get("/mint/a,b,c", "If-None-Match", answer.headers().firstValue("Etag").orElseThrow());
        }
        assertThat(answer.statusCode()).isEqualTo(304);
        assertThat(walked).containsExactlyInAnyOrder("a1", "b1", "b2");
        assertThat(walked.indexOf("b1")).as("one channel's messages come in order").isLessThan(walked.indexOf("b2"));
        assertThat(answer.headers().firstValue("Etag").orElseThrow())
                .as("the 304 gives back the set's position, one entry per channel (b2 is tag 1 or, posted in the next second, 0), - for none")
                .matches("\"\\d+:0;\\d+:\\d+;-\"");
    }

    @Test
    void aHeldPollOnASetIsAnsweredByAMessageOnAnyOfItsChannels() throws Exception {
        http.put("/pub/x");
        http.put("/pub/y");
        CompletableFuture<HttpResponse<String>> held = http.getAsync("/msub/x,y");
        http.awaitWaitingSubscribers("/pub/y", 1);
        http.awaitWaitingSubscribers("/pub/x", 1);

        assertThat(http.post("/pub/y", "text/plain", "on y").statusCode()).isEqualTo(201);
        HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
        assertThat(answer.body()).isEqualTo("on y");
        assertThat(answer.headers().firstValue("X-Hbpush-Channel")).hasValue("y");
        assertThat(answer.headers().firstValue("Etag").orElseThrow()).matches("\"-;\\d+:0\"");
        http.awaitWaitingSubscribers("/pub/x", 0);
    }

    @Test
    void deletingAnyChannelOfTheSetAnswers410() throws Exception {
        http.put("/pub/keep");
        http.put("/pub/drop");
        CompletableFuture<HttpResponse<String>> held = http.getAsync("/msub/keep,drop");
        http.awaitWaitingSubscribers("/pub/drop", 1);
        http.delete("/pub/drop");
        HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(410);
        assertThat(answer.body()).isEqualTo("channel drop was deleted\n");
        http.awaitWaitingSubscribers("/pub/keep", 0);
    }

    @Test
    void badSetsAreRefusedWithAReason() {
        http.put("/pub/one");
        assertThat(http.get("/mint/one,none").statusCode()).isEqualTo(404);
        assertThat(http.get("/mint/one,none").body()).isEqualTo("channel none does not exist\n");
        HttpResponse<String> twice = http.get("/mint/one,one");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).isEqualTo("channel one is named twice\n");
        HttpResponse<String> wrongCount = http.get("/mint/one", "If-None-Match", "\"-;-\"");
        assertThat(wrongCount.statusCode()).isEqualTo(400);
        assertThat(http.get("/mint/one", "If-None-Match", "\"12:x\"").statusCode()).isEqualTo(400);
        StringBuilder many = new StringBuilder("c0");
        for (int i = 1; i <= 64; i++) {
            many.append(",c").append(i);
        }
        assertThat(http.get("/mint/" + many).body()).isEqualTo("65 channels in one request; at most 64\n");
    }

    @Test
    void anEncodedSeparatorIsPartOfAChannelId() {
        http.post("/pub/a%2Cb", "text/plain", "comma");
        http.put("/pub/c");
        HttpResponse<String> answer = http.get("/mint/a%2Cb,c");
        assertThat(answer.body()).isEqualTo("comma");
        assertThat(answer.headers().firstValue("X-Hbpush-Channel")).hasValue("a%2Cb");
    }

    @Test
    void aFollowerOfFiveChannelsMissesNothingWhileThreePublishersPost() throws Exception {
        List<String> channels = List.of("m0", "m1", "m2", "m3", "m4");
        for (String channel : channels) {
            http.put("/pub/" + channel);
        }
        int perPublisher = 60;
        CompletableFuture<Map<String, List<Integer>>> follower = CompletableFuture.supplyAsync(
                () -> follow("/msub/" + String.join(",", channels), 3 * perPublisher));
        http.awaitWaitingSubscribers("/pub/m4", 1);
        List<CompletableFuture<Void>> publishers = new ArrayList<>();
        for (int publisher = 0; publisher < 3; publisher++) {
            int id = publisher;
            publishers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perPublisher; i++) {
                    // Each publisher owns a sequence; channel chosen round robin.
                    String channel = channels.get((id + i) % channels.size());
                    http.post("/pub/" + channel, "text/plain", channel + ":" + id + ":" + i);
                }
            }));
        }
        CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Map<String, List<Integer>> received = follower.get(60, TimeUnit.SECONDS);

        // Ids order messages within a channel; across channels only by second. So each publisher's
        // messages to one channel arrive in order, and every message arrives once.
        for (int publisher = 0; publisher < 3; publisher++) {
            List<Integer> all = new ArrayList<>();
            for (String channel : channels) {
                List<Integer> sequence = received.getOrDefault(channel + ":" + publisher, List.of());
                assertThat(sequence).as("channel " + channel + ", publisher " + publisher + ": in order").isSorted();
                all.addAll(sequence);
            }
            assertThat(all).as("publisher " + publisher + ": no loss, no duplicate")
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, perPublisher).boxed().toList());
        }
    }

    /** Walks the set until {@code count} messages came; groups their sequence numbers by channel and publisher. */
    private Map<String, List<Integer>> follow(String path, int count) {
        Map<String, List<Integer>> byPublisher = new HashMap<>();
        String etag = null;
        int got = 0;
        while (got < count) {
            HttpResponse<String> answer = etag == null ? http.getAsync(path).join() : http.getAsync(path, "If-None-Match", etag).join();
            if (answer.statusCode() == 304) {
                continue;
            }
            assertThat(answer.statusCode()).isEqualTo(200);
            etag = answer.headers().firstValue("Etag").orElseThrow();
            String[] parts = answer.body().split(":");
            byPublisher.computeIfAbsent(parts[0] + ":" + parts[1], key -> new ArrayList<>()).add(Integer.parseInt(parts[2]));
            got++;
        }
        return byPublisher;
    }
}
