package org.hbpush.server;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Held long polls: no thread each, forgotten when the client leaves, never a lost message. */
class LongPollingTest {
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = RunningServer.withDefaults();
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void moreHeldPollsThanTheServerHasThreadsAreAllHeldAndAllAnswered() throws Exception {
        // Jetty's pool has at most 200 threads: holding 250 polls proves none of them holds one.
        int polls = 250;
        http.put("/publisher/crowd");
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            held.add(http.getAsync("/subscriber/crowd"));
        }
        http.awaitWaitingSubscribers("/publisher/crowd", polls);

        assertThat(http.post("/publisher/crowd", "text/plain", "to all").statusCode()).isEqualTo(201);
        for (CompletableFuture<HttpResponse<String>> poll : held) {
            assertThat(poll.get(10, TimeUnit.SECONDS).body()).isEqualTo("to all");
        }
        http.awaitWaitingSubscribers("/publisher/crowd", 0);
    }

    @Test
    void aClientThatDisconnectsWhileHeldIsForgottenAtOnce() throws Exception {
        http.put("/publisher/leaving");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /subscriber/leaving HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            http.awaitWaitingSubscribers("/publisher/leaving", 1);
        }
        http.awaitWaitingSubscribers("/publisher/leaving", 0);
        assertThat(http.post("/publisher/leaving", "text/plain", "nobody").statusCode())
                .as("nobody is waiting any more")
                .isEqualTo(202);
    }

    @Test
    void followersWalkARapidChainWithNoLossDuplicateOrReordering() throws Exception {
        int messages = 300;
        http.put("/publisher/chain");
        List<CompletableFuture<List<String>>> followers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            followers.add(CompletableFuture.supplyAsync(() -> follow("/subscriber/chain", messages)));
        }
        http.awaitWaitingSubscribers("/publisher/chain", 3);
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            posted.add("message " + i);
            assertThat(http.post("/publisher/chain", "text/plain", "message " + i).statusCode()).isIn(201, 202);
        }
        for (CompletableFuture<List<String>> follower : followers) {
            assertThat(follower.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(posted);
        }
    }

    @Test
    void stoppingTheServerAnswersHeldPolls503() throws Exception {
        http.put("/publisher/stopping");
        CompletableFuture<HttpResponse<String>> held = http.getAsync("/subscriber/stopping");
        http.awaitWaitingSubscribers("/publisher/stopping", 1);

        server.stop();

        HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answer.body()).isEqualTo("the server is shutting down; poll again\n");
    }

    private List<String> follow(String path, int count) {
        List<String> bodies = new ArrayList<>();
        HttpResponse<String> message = http.getAsync(path).join();
        while (true) {
            assertThat(message.statusCode()).isEqualTo(200);
            bodies.add(message.body());
            if (bodies.size() == count) {
                return bodies;
            }
            message = http.getAsync(path, TestHttp.nextAfter(message)).join();
        }
    }
}
