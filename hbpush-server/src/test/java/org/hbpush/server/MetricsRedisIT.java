package org.hbpush.server;

import java.net.http.HttpResponse;

import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Store errors by store type and operation, counted while Redis is down. */
class MetricsRedisIT {
    private RedisServerProcess redis;
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        server = RunningServer.withYaml(RedisStoreYaml.of(redis, RedisStoreYaml.newKeyPrefix("metrics")) + """
                locations:
                  - type: metrics
                    prefix: /metrics
                  - type: publisher
                    prefix: /pub/
                """, RunningServer.TEST_PLUGINS);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
        redis.close();
    }

    @Test
    @DisplayName("a post while Redis is down is a store error of kind unavailable, timed like any call; Redis tells no channel count")
    void storeErrors() {
        assertThat(http.post("/pub/a", "text/plain", "stored").statusCode()).isEqualTo(202);
        PrometheusScrape before = scrape();
        assertThat(before.sum("hbpush_store_errors_total", "store", "default")).isZero();

        redis.stop();
        HttpResponse<String> refused = http.post("/pub/a", "text/plain", "not stored");
        assertThat(refused.statusCode()).isEqualTo(503);

        PrometheusScrape after = scrape();
        assertThat(after.value("hbpush_store_errors_total", "store", "default", "store_type", "redis", "operation", "post", "error", "unavailable"))
                .isEqualTo(1);
        assertThat(after.value("hbpush_store_call_duration_seconds_count", "store", "default", "store_type", "redis", "operation", "post")
                - before.value("hbpush_store_call_duration_seconds_count", "store", "default", "store_type", "redis", "operation", "post"))
                .as("the failed call is timed too")
                .isEqualTo(1);
        assertThat(after.has("hbpush_store_channels")).as("Redis cannot count its channels cheaply").isFalse();
        assertThat(after.has("hbpush_store_messages")).isFalse();
        assertThat(after.value("hbpush_waiting_subscribers", "store", "default", "store_type", "redis")).isZero();
    }

    private PrometheusScrape scrape() {
        HttpResponse<String> metrics = http.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        return PrometheusScrape.parse(metrics.body());
    }
}
