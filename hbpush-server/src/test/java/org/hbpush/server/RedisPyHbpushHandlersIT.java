package org.hbpush.server;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * py-hbpush's handler tests on the redis store (the real plugin directory, a private
 * redis-server), and its per-store cases checked in Redis itself.
 */
class RedisPyHbpushHandlersIT extends PyHbpushHandlers {
    private static RedisServerProcess redis;
    private String keyPrefix;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected RunningServer startServer() {
        keyPrefix = RedisStoreYaml.newKeyPrefix("py-hbpush");
        return RunningServer.withYaml(RedisStoreYaml.of(redis, keyPrefix) + LOCATIONS, RunningServer.TEST_PLUGINS);
    }

    @Test
    @DisplayName("store_filling in Redis: three POSTs are three stream entries; DELETE removes every key of the channel")
    void storeFillingInRedis() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/publisher/filling", "text/plain", "message " + i).statusCode()).isEqualTo(202);
        }
        assertThat(redis.call("XLEN", key("messages:", "filling"))).as("the messages are in the channel's stream").isEqualTo(3L);
        assertThat(redis.call("HGET", key("channel:", "filling"), "last")).isNotNull();

        assertThat(http.delete("/publisher/filling").statusCode()).isEqualTo(200);
        assertThat(redis.call("EXISTS", key("channel:", "filling"), key("messages:", "filling"), key("waiting:", "filling")))
                .as("nothing of a deleted channel is left in Redis")
                .isEqualTo(0L);
    }

    @Test
    @DisplayName("race_store_create in Redis: 9 concurrent POSTs to a new channel are 9 entries with distinct, increasing ids")
    void raceStoreCreateInRedis() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            posts.add(http.postAsync("/publisher/race", "text/plain", "message " + i));
        }
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            assertThat(post.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
        List<?> entries = (List<?>) redis.call("XRANGE", key("messages:", "race"), "-", "+");
        List<long[]> ids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (Object entry : entries) {
            List<?> fields = (List<?>) entry;
            String[] id = text(fields.get(0)).split("-");
            ids.add(new long[] {Long.parseLong(id[0]), Long.parseLong(id[1])});
            List<?> values = (List<?>) fields.get(1);
            for (int field = 0; field < values.size(); field += 2) {
                if (text(values.get(field)).equals("body")) {
                    bodies.add(text(values.get(field + 1)));
                }
            }
        }
        assertThat(bodies).as("every post is one entry").hasSize(9).doesNotHaveDuplicates();
        for (int i = 1; i < ids.size(); i++) {
            long[] previous = ids.get(i - 1);
            long[] id = ids.get(i);
            assertThat(id[0] > previous[0] || id[0] == previous[0] && id[1] > previous[1])
                    .as("ids increase: %s-%s after %s-%s", id[0], id[1], previous[0], previous[1])
                    .isTrue();
        }
    }

    private String key(String tag, String channel) {
        return keyPrefix + tag + HexFormat.of().formatHex(channel.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Object bulk) {
        return new String((byte[]) bulk, StandardCharsets.UTF_8);
    }
}
