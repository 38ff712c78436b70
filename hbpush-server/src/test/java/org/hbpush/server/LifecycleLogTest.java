package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Start and shutdown are one INFO line each, whatever the server held. */
class LifecycleLogTest {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void capture() {
        logger = (Logger) LoggerFactory.getLogger(HbpushServer.class);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void startAndShutdownAreOneInfoLineEach() throws Exception {
        RunningServer server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /sub/
                  - type: publisher
                    prefix: /pub/
                """);
        TestHttp http = server.http();
        assertThat(http.put("/pub/held").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> held = http.getAsync("/sub/held");
        http.awaitWaitingSubscribers("/pub/held", 1);

        server.close();

        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        List<String> info = lines.list.stream()
                .filter(event -> event.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(info).hasSize(2);
        assertThat(info.get(0)).startsWith("hbpushd listening on default http 127.0.0.1:");
        assertThat(info.get(1)).matches("hbpushd stopped in \\d+ ms; 1 held long polls were told to poll again");
    }

    @Test
    void aListenBacklogAboveTheKernelsCeilingIsOneWarningAtStart() throws Exception {
        int ceiling = AcceptQueueCeiling.ceiling(AcceptQueueCeiling.SOMAXCONN).orElseThrow();
        try (RunningServer server = RunningServer.withYaml("listen_backlog: " + (ceiling + 1) + "\nstore:\n  type: memory\n")) {
            assertThat(server.http().get("/publisher/none").statusCode()).as("the node serves all the same").isEqualTo(404);
        }
        List<String> warnings = lines.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(warnings).containsExactly(AcceptQueueCeiling.warning(ceiling + 1, AcceptQueueCeiling.SOMAXCONN).orElseThrow());
    }
}
