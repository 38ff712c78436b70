package org.hbpush.server;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The log says once that Redis went down and once that it is back, however many requests noticed. */
class RedisStoreAvailabilityIT {
    private static final long RECOVERY_NANOS = 15_000_000_000L;
    private static final int REQUESTS_WHILE_DOWN = 30;

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger availabilityLogger;
    private RedisServerProcess redis;
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        availabilityLogger = (Logger) LoggerFactory.getLogger(StoreAvailability.class);
        lines.start();
        availabilityLogger.addAppender(lines);
        redis = RedisServerProcess.start();
        server = RunningServer.withYaml(RedisStoreYaml.of(redis, RedisStoreYaml.newKeyPrefix("availability")) + """
                locations:
                  - type: publisher
                    prefix: /pub/
                  - type: subscriber
                    prefix: /sub/
                  - type: health
                    prefix: /health/
                """, RunningServer.TEST_PLUGINS);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
        redis.close();
        availabilityLogger.detachAppender(lines);
    }

    @Test
    @DisplayName("one WARN line when Redis goes down, one INFO line when it is back, not one per request")
    void logsTransitionsOnly() {
        assertThat(http.put("/pub/news").statusCode()).isEqualTo(200);
        assertThat(http.post("/pub/news", "text/plain", "before").statusCode()).isEqualTo(202);
        assertThat(logged()).as("nothing to say while Redis answers").isEmpty();

        redis.stop();
        for (int request = 0; request < REQUESTS_WHILE_DOWN; request++) {
            int status = switch (request % 3) {
                case 0 -> http.get("/pub/news").statusCode();
                case 1 -> http.get("/sub/news").statusCode();
                default -> http.get("/health/ready").statusCode();
            };
            assertThat(status).as("request %d while Redis is down", request).isEqualTo(503);
        }
        List<ILoggingEvent> down = logged();
        assertThat(down).as("lines after %d failing requests", REQUESTS_WHILE_DOWN).hasSize(1);
        assertThat(down.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(down.get(0).getFormattedMessage())
                .startsWith("store default (redis) is down: ")
                .contains("127.0.0.1:" + redis.port());

        redis.startAgain();
        long deadline = System.nanoTime() + RECOVERY_NANOS;
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = http.get("/pub/news").statusCode();
        }
        assertThat(status).as("channel information once Redis is back").isEqualTo(200);
        // The line is written as the store's answer completes, maybe just after the HTTP answer.
        while (System.nanoTime() < deadline && logged().size() < 2) {
            Thread.onSpinWait();
        }
        for (int request = 0; request < 10; request++) {
            assertThat(http.get("/sub/news").statusCode()).isEqualTo(200);
        }
        List<ILoggingEvent> all = logged();
        assertThat(all).extracting(ILoggingEvent::getFormattedMessage)
                .as("one line down, one line up")
                .hasSize(2)
                .last().isEqualTo("store default (redis) is back up");
        assertThat(all.get(1).getLevel()).isEqualTo(Level.INFO);
    }

    private List<ILoggingEvent> logged() {
        synchronized (lines) {
            return List.copyOf(lines.list);
        }
    }
}
