package org.hbpush.server;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A load balancer takes the node out while Redis is down (ready is 503) and back when it returns. */
class RedisHealthIT {
    private static final Duration RECOVERY = Duration.ofSeconds(15);

    private RedisServerProcess redis;
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        server = RunningServer.withYaml(RedisStoreYaml.of(redis, RedisStoreYaml.newKeyPrefix("health")) + """
                locations:
                  - type: health
                    prefix: /health/
                """, RunningServer.TEST_PLUGINS);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
        redis.close();
    }

    @Test
    @DisplayName("ready is 503 naming the store while Redis is down, live stays 200, and ready recovers")
    void readyFollowsTheStore() {
        assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
        redis.stop();

        HttpResponse<String> down = http.get("/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).startsWith("not ready: store default");
        assertThat(down.body()).contains("redis at 127.0.0.1:" + redis.port());
        assertThat(http.get("/health/live").statusCode()).as("live never asks the store").isEqualTo(200);

        redis.startAgain();
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = http.get("/health/ready").statusCode();
        }
        assertThat(status).as("ready again within %s of Redis coming back", RECOVERY).isEqualTo(200);
    }
}
