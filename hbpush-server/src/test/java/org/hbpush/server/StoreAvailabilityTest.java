package org.hbpush.server;

import java.util.List;
import java.util.concurrent.CompletionException;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.hbpush.api.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Store down and back up: one line each, calls that overlap a change do not make the log flap. */
class StoreAvailabilityTest {
    private static final StoreUnavailableException DOWN = new StoreUnavailableException("backend at 127.0.0.1:1 is unreachable");

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final StoreAvailability availability = new StoreAvailability("cache", "acme-kv");
    private Logger logger;

    @BeforeEach
    void capture() {
        logger = (Logger) LoggerFactory.getLogger(StoreAvailability.class);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    @DisplayName("many failures log one down line, many successes after them one up line")
    void oneLinePerTransition() {
        for (int call = 0; call < 100; call++) {
            availability.ended(availability.callStarted(), new CompletionException(DOWN));
        }
        for (int call = 0; call < 100; call++) {
            availability.ended(availability.callStarted(), null);
        }
        assertThat(logged()).containsExactly(
                "WARN store cache (acme-kv) is down: backend at 127.0.0.1:1 is unreachable",
                "INFO store cache (acme-kv) is back up");
    }

    @Test
    @DisplayName("a call sent before the store went down that succeeds after does not bring it back up, nor the reverse")
    void callsOverlappingAChangeAreIgnored() {
        long sentBeforeDown = availability.callStarted();
        availability.ended(availability.callStarted(), DOWN);
        availability.ended(sentBeforeDown, null);
        long sentWhileDown = availability.callStarted();
        availability.ended(availability.callStarted(), null);
        availability.ended(sentWhileDown, DOWN);

        assertThat(logged()).containsExactly(
                "WARN store cache (acme-kv) is down: backend at 127.0.0.1:1 is unreachable",
                "INFO store cache (acme-kv) is back up");
    }

    @Test
    @DisplayName("other failures (a bug, a refusal) say nothing about the backend; nor do failures once closing")
    void onlyUnavailableMeansDown() {
        availability.ended(availability.callStarted(), new IllegalStateException("a bug"));
        availability.ended(availability.callStarted(), new UnsupportedOperationException("no claims here"));
        availability.close();
        availability.ended(availability.callStarted(), DOWN);
        assertThat(logged()).isEmpty();
    }

    private List<String> logged() {
        return lines.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
    }
}
