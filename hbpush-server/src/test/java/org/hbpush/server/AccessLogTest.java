package org.hbpush.server;

import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** access_log: one line per request through org.hbpush.access, never a body; nothing when off. */
class AccessLogTest {
    private static final String SECRET_BODY = "a body that must never be logged";

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger access;

    @BeforeEach
    void capture() {
        access = (Logger) LoggerFactory.getLogger("org.hbpush.access");
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void release() {
        access.detachAppender(lines);
    }

    @Test
    @DisplayName("access_log: true logs address, method, path, status, bytes and duration of each request")
    void on() {
        try (RunningServer server = RunningServer.withYaml("""
                access_log: true
                locations:
                  - type: publisher
                    prefix: /pub/
                  - type: subscriber
                    prefix: /sub/
                """)) {
            assertThat(server.http().post("/pub/news?token=hidden", "text/plain", SECRET_BODY).statusCode()).isEqualTo(202);
            assertThat(server.http().get("/sub/news").statusCode()).isEqualTo(200);
            assertThat(server.http().get("/elsewhere").statusCode()).isEqualTo(404);

            List<String> logged = awaitLines(3);
            assertThat(logged.get(0)).matches("127\\.0\\.0\\.1 \"POST /pub/news\" 202 \\d+ bytes \\d+ ms");
            assertThat(logged.get(1)).isEqualTo("127.0.0.1 \"GET /sub/news\" 200 " + SECRET_BODY.length() + " bytes "
                    + logged.get(1).replaceAll(".* (\\d+) ms$", "$1") + " ms");
            assertThat(logged.get(2)).matches("127\\.0\\.0\\.1 \"GET /elsewhere\" 404 \\d+ bytes \\d+ ms");
            assertThat(String.join("\n", logged)).doesNotContain(SECRET_BODY).doesNotContain("hidden");
        }
    }

    @Test
    @DisplayName("without access_log nothing is logged per request")
    void offByDefault() {
        try (RunningServer server = RunningServer.withDefaults()) {
            assertThat(server.http().post("/publisher/news", "text/plain", "m").statusCode()).isEqualTo(202);
            assertThat(server.http().get("/publisher/news").statusCode()).isEqualTo(200);
        }
        assertThat(lines.list).isEmpty();
    }

    /** Lines are written once Jetty has finished a request, a moment after the client read it. */
    private List<String> awaitLines(int count) {
        long deadline = System.nanoTime() + TestHttp.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && lines.list.size() < count) {
            Thread.onSpinWait();
        }
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }
}
