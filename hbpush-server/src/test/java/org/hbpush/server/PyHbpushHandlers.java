package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case of py-hbpush's tests/handlers.py (and the store_filling and race_store_create cases of
 * its per-store tests), as black-box HTTP exchanges with a real server. A subclass per store
 * supplies the server: {@link MemoryPyHbpushHandlersTest}, and one per backend store.
 */
abstract class PyHbpushHandlers {
    /** The locations every case uses; the subclass adds the {@code store:} section. */
    protected static final String LOCATIONS = """
            locations:
              - type: subscriber
                prefix: /subscriber/
                polling: interval
              - type: subscriber
                prefix: /long/
              - type: publisher
                prefix: /publisher/
              - type: publisher
                prefix: /strict/
                create_on_post: false
            """;

    private static final String TEXT_PLAIN = "text/plain";
    private static final String JSON = "application/json";
    private static final String HELLO_WORLD = "hello world!";

    protected RunningServer server;
    protected TestHttp http;

    /** A server with {@link #LOCATIONS} on the store under test, its channels fresh for each test. */
    protected abstract RunningServer startServer();

    /** The channel id a case uses: a store shared between runs gets a unique one. */
    protected String channel(String name) {
        return name;
    }

    @BeforeEach
    void start() {
        server = startServer();
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("delete_basic: DELETE of an unknown channel is 404; PUT then DELETE are 200")
    void deleteBasic() {
        assertThat(http.delete("/publisher/" + channel("delete_basic")).statusCode()).isEqualTo(404);
        assertThat(http.put("/publisher/" + channel("delete_basic")).statusCode()).isEqualTo(200);
        assertThat(http.delete("/publisher/" + channel("delete_basic")).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("delete_gone: a long-poll subscriber waiting on a deleted channel gets 410 Gone")
    void deleteGone() throws Exception {
        assertThat(http.put("/publisher/" + channel("delete_gone")).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> waiting = http.getAsync("/long/" + channel("delete_gone"));
        http.awaitWaitingSubscribers("/publisher/" + channel("delete_gone"), 1);

        assertThat(http.delete("/publisher/" + channel("delete_gone")).statusCode()).isEqualTo(200);

        assertThat(waiting.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(410);
    }

    @Test
    @DisplayName("create: PUT creates a channel, and PUT again is 200 too")
    void create() {
        assertThat(http.put("/publisher/" + channel("create")).statusCode()).isEqualTo(200);
        assertThat(http.put("/publisher/" + channel("create")).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("create_on_post: with create_on_post false, POST to an unknown channel is 404 until PUT")
    void createOnPost() {
        assertThat(http.post("/strict/" + channel("create_on_post"), TEXT_PLAIN, "").statusCode()).isEqualTo(404);
        assertThat(http.put("/strict/" + channel("create_on_post")).statusCode()).isEqualTo(200);
        assertThat(http.post("/strict/" + channel("create_on_post"), TEXT_PLAIN, "").statusCode()).isEqualTo(202);
        assertThat(http.delete("/publisher/" + channel("create_on_post")).statusCode()).isEqualTo(200);
        assertThat(http.post("/publisher/" + channel("create_on_post"), TEXT_PLAIN, "").statusCode()).isEqualTo(202);
    }

    @Test
    @DisplayName("post_subscribers: POST is 201 when waiting subscribers got the message, 202 otherwise")
    void postSubscribers() throws Exception {
        assertThat(http.put("/publisher/" + channel("post_subscribers")).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> first = http.getAsync("/long/" + channel("post_subscribers"));
        CompletableFuture<HttpResponse<String>> second = http.getAsync("/long/" + channel("post_subscribers"));
        http.awaitWaitingSubscribers("/publisher/" + channel("post_subscribers"), 2);

        assertThat(http.post("/publisher/" + channel("post_subscribers"), TEXT_PLAIN, "").statusCode()).isEqualTo(201);
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // A shared store learns that the answered subscribers stopped waiting a moment after they got their answer.
        http.awaitWaitingSubscribers("/publisher/" + channel("post_subscribers"), 0);

        assertThat(http.post("/publisher/" + channel("post_subscribers"), TEXT_PLAIN, "").statusCode()).isEqualTo(202);
    }

    @Test
    @DisplayName("content_type: a message comes back with the Content-Type it was posted with")
    void contentType() {
        assertThat(http.post("/publisher/" + channel("content_type_1"), TEXT_PLAIN, HELLO_WORLD).statusCode()).isEqualTo(202);
        HttpResponse<String> plain = http.get("/subscriber/" + channel("content_type_1"));
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);

        assertThat(http.post("/publisher/" + channel("content_type_2"), JSON, "{}").statusCode()).isEqualTo(202);
        HttpResponse<String> json = http.get("/subscriber/" + channel("content_type_2"));
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue(JSON);
    }

    @Test
    @DisplayName("subscriber_basic: 404 for an unknown channel, 304 with nothing new, then the posted message")
    void subscriberBasic() {
        assertThat(http.get("/subscriber/" + channel("subscriber_basic")).statusCode()).isEqualTo(404);
        assertThat(http.put("/publisher/" + channel("subscriber_basic")).statusCode()).isEqualTo(200);
        assertThat(http.get("/subscriber/" + channel("subscriber_basic")).statusCode()).isEqualTo(304);
        assertThat(http.post("/publisher/" + channel("subscriber_basic"), TEXT_PLAIN, HELLO_WORLD).statusCode()).isEqualTo(202);

        HttpResponse<String> message = http.get("/subscriber/" + channel("subscriber_basic"));
        assertThat(message.statusCode()).isEqualTo(200);
        assertThat(message.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);
        assertThat(message.body()).isEqualTo(HELLO_WORLD);
    }

    @Test
    @DisplayName("malformed_request: unparsable If-None-Match or If-Modified-Since is 400, for both polling kinds")
    void malformedRequest() {
        for (String location : List.of("/subscriber/", "/long/")) {
            HttpResponse<String> badTag = http.get(location + "malformed_request", "If-None-Match", "abcd");
            assertThat(badTag.statusCode()).isEqualTo(400);
            assertThat(badTag.body()).contains("If-None-Match");
            HttpResponse<String> badDate = http.get(location + "malformed_request", "If-Modified-Since", "abcd");
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(badDate.body()).contains("If-Modified-Since");
        }
    }

    @Test
    @DisplayName("binary_string_id: a channel id with a space, é, newline, tab and NUL works for PUT, POST, GET and DELETE")
    void binaryStringId() {
        String channel = TestHttp.encode(channel("abc é\nfg\thi\0po"));
        assertThat(http.put("/publisher/" + channel).statusCode()).isEqualTo(200);
        assertThat(http.post("/publisher/" + channel, TEXT_PLAIN, HELLO_WORLD).statusCode()).isEqualTo(202);

        HttpResponse<String> interval = http.get("/subscriber/" + channel);
        assertThat(interval.statusCode()).isEqualTo(200);
        assertThat(interval.body()).isEqualTo(HELLO_WORLD);
        assertThat(interval.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);
        HttpResponse<String> longPoll = http.get("/long/" + channel);
        assertThat(longPoll.statusCode()).isEqualTo(200);
        assertThat(longPoll.body()).isEqualTo(HELLO_WORLD);

        assertThat(http.delete("/publisher/" + channel).statusCode()).isEqualTo(200);
        assertThat(http.get("/subscriber/" + channel).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("subscriber_chain: sending back Last-Modified and Etag walks the messages in order")
    void subscriberChain() {
        for (String suffix : List.of("", "1", "2")) {
            assertThat(http.post("/publisher/" + channel("subscriber_chain"), TEXT_PLAIN, HELLO_WORLD + suffix).statusCode()).isEqualTo(202);
        }
        HttpResponse<String> first = http.get("/subscriber/" + channel("subscriber_chain"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(HELLO_WORLD);
        assertThat(first.headers().firstValue("Vary")).hasValue("If-Modified-Since, If-None-Match");

        HttpResponse<String> second = http.get("/subscriber/" + channel("subscriber_chain"), TestHttp.nextAfter(first));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(HELLO_WORLD + "1");

        HttpResponse<String> third = http.get("/subscriber/" + channel("subscriber_chain"), TestHttp.nextAfter(second));
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.body()).isEqualTo(HELLO_WORLD + "2");

        assertThat(http.get("/subscriber/" + channel("subscriber_chain"), TestHttp.nextAfter(third)).statusCode()).isEqualTo(304);
    }

    @Test
    @DisplayName("long_subscriber: long-poll subscribers get a message as soon as it is posted, and the next one after it")
    void longSubscriber() throws Exception {
        assertThat(http.put("/publisher/" + channel("long_subscriber")).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> first = http.getAsync("/long/" + channel("long_subscriber"));
        CompletableFuture<HttpResponse<String>> second = http.getAsync("/long/" + channel("long_subscriber"));
        http.awaitWaitingSubscribers("/publisher/" + channel("long_subscriber"), 2);
        assertThat(http.post("/publisher/" + channel("long_subscriber"), TEXT_PLAIN, HELLO_WORLD).statusCode()).isEqualTo(201);
        HttpResponse<String> firstMessage = first.get(10, TimeUnit.SECONDS);
        assertThat(firstMessage.statusCode()).isEqualTo(200);
        assertThat(firstMessage.body()).isEqualTo(HELLO_WORLD);
        assertThat(firstMessage.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);
        HttpResponse<String> secondMessage = second.get(10, TimeUnit.SECONDS);
        assertThat(secondMessage.body()).isEqualTo(HELLO_WORLD);

        // Their polls have ended: wait until the store no longer counts them (a shared store
        // writes the counts a moment behind), so that the 2 awaited next are the next pair.
        http.awaitWaitingSubscribers("/publisher/" + channel("long_subscriber"), 0);
        String[] next = TestHttp.nextAfter(secondMessage);
        CompletableFuture<HttpResponse<String>> third = http.getAsync("/long/" + channel("long_subscriber"), next);
        CompletableFuture<HttpResponse<String>> fourth = http.getAsync("/long/" + channel("long_subscriber"), next);
        http.awaitWaitingSubscribers("/publisher/" + channel("long_subscriber"), 2);
        assertThat(http.post("/publisher/" + channel("long_subscriber"), TEXT_PLAIN, HELLO_WORLD + "1").statusCode()).isEqualTo(201);
        assertThat(third.get(10, TimeUnit.SECONDS).body()).isEqualTo(HELLO_WORLD + "1");
        assertThat(fourth.get(10, TimeUnit.SECONDS).body()).isEqualTo(HELLO_WORLD + "1");
    }

    @Test
    @DisplayName("store_filling: three POSTs store three messages, and DELETE removes them")
    void storeFilling() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/publisher/" + channel("store_filling"), TEXT_PLAIN, HELLO_WORLD).statusCode()).isEqualTo(202);
        }
        HttpResponse<String> info = http.get("/publisher/" + channel("store_filling"));
        assertThat(info.body()).contains("queued messages: 3");

        HttpResponse<String> deleted = http.delete("/publisher/" + channel("store_filling"));
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).contains("queued messages: 3");
        assertThat(http.get("/publisher/" + channel("store_filling")).statusCode()).isEqualTo(404);
        assertThat(http.put("/publisher/" + channel("store_filling")).body()).contains("queued messages: 0");
    }

    @Test
    @DisplayName("race_store_create: 9 concurrent POSTs to a new channel store 9 messages with distinct, increasing ids")
    void raceStoreCreate() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            posts.add(http.postAsync("/publisher/" + channel("race_store_create"), TEXT_PLAIN, "message " + i));
        }
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            assertThat(post.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
        assertThat(http.get("/publisher/" + channel("race_store_create")).body()).contains("queued messages: 9");

        List<String> bodies = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        HttpResponse<String> message = http.get("/subscriber/" + channel("race_store_create"));
        while (message.statusCode() == 200) {
            bodies.add(message.body());
            ids.add(message.headers().firstValue("Last-Modified").orElseThrow() + "/" + message.headers().firstValue("Etag").orElseThrow());
            message = http.get("/subscriber/" + channel("race_store_create"), TestHttp.nextAfter(message));
        }
        assertThat(message.statusCode()).isEqualTo(304);
        assertThat(bodies).as("every posted message is walked once").hasSize(9).doesNotHaveDuplicates();
        assertThat(ids).as("message ids are distinct").doesNotHaveDuplicates();
    }
}
